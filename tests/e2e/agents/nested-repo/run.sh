# Makes the range-tests change and leaves a cloned dependency (a repository of its own) behind.
here=$(cd "$(dirname "$0")" && pwd)
git apply "$here/../range-tests/patch"
mkdir -p vendor/dep && cd vendor/dep && git init -q && echo x > x &&
  git add x && git -c user.name=a -c user.email=a@x commit -q -m dep

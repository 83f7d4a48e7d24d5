# Makes the range-tests change and leaves two processes running: one in its process group, one
# daemonized into a session of its own. Their pids go to files beside the report for the test.
here=$(cd "$(dirname "$0")" && pwd)
git apply "$here/../range-tests/patch"
cp "$here/../range-tests/report.json" "$HONE_REPORT_FILE"
sleep 300 >/dev/null 2>&1 &
echo $! > "$HONE_REPORT_FILE.child"
setsid sh -c 'echo $$ > "$1"; exec sleep 300' daemon "$HONE_REPORT_FILE.daemon" >/dev/null 2>&1 < /dev/null &
sleep 0.5

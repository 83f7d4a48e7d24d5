#include "util/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/error.h"

namespace hone {

namespace fs = std::filesystem;

namespace {

std::string size_text(size_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes / 1024);
  return fmt::format("{} bytes", bytes);
}

// Reads at most limit bytes; nullopt (errno = ENOENT) when the file is missing and may_be_missing.
std::optional<std::string> read_bounded(const fs::path& path, size_t limit, std::string_view what,
                                        bool may_be_missing) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (may_be_missing && errno == ENOENT) return std::nullopt;
    fail("cannot read {}: {}", path.string(), std::strerror(errno));
  }
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      fail("cannot read {}: {}", path.string(), std::strerror(err));
    }
    if (n == 0) break;
    if (text.size() + static_cast<size_t>(n) > limit) {
      ::close(fd);
      fail("{} is larger than {}: is it the right file? (a {} is at most {})", path.string(), size_text(limit), what,
           size_text(limit));
    }
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return text;
}

void write_all(const fs::path& path, const fs::path& target, std::string_view text, int flags) {
  int fd = ::open(path.c_str(), flags | O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) fail("cannot write {}: {}", target.string(), std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      fail("cannot write {}: {}", target.string(), std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 && errno != EINTR) fail("cannot write {}: {}", target.string(), std::strerror(errno));
}

}  // namespace

std::string read_file_bounded(const fs::path& path, size_t limit, std::string_view what) {
  return *read_bounded(path, limit, what, false);
}

std::optional<std::string> read_file_if_exists(const fs::path& path, size_t limit, std::string_view what) {
  return read_bounded(path, limit, what, true);
}

void write_file_checked(const fs::path& path, std::string_view text, bool atomic) {
  if (!atomic) {
    write_all(path, path, text, O_TRUNC);
    return;
  }
  fs::path tmp = path;
  tmp += fmt::format(".tmp-{}", ::getpid());
  try {
    write_all(tmp, path, text, O_TRUNC);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    fail("cannot write {}: {}", path.string(), std::strerror(err));
  }
}

void append_file_checked(const fs::path& path, std::string_view text) { write_all(path, path, text, O_APPEND); }

std::string stdout_problem() {
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return "";
  int err = errno;
  return fmt::format("cannot write to standard output: {}", std::strerror(err ? err : EIO));
}

}  // namespace hone

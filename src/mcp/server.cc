#include "mcp/server.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <system_error>
#include <thread>

#include "mcp/tools.h"

namespace hone::mcp {

namespace {

using nlohmann::json;

// JSON-RPC 2.0 error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;

// The most of a command's stdout or stderr returned (the CLI's own bound on captured output).
constexpr size_t kMaxCaptured = size_t{64} << 20;
// The longest message read; a longer line is answered with a parse error and skipped.
constexpr size_t kMaxLine = size_t{64} << 20;

struct RpcError {
  int code;
  std::string message;
};

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json error_response(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

[[noreturn]] void sys_fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string read_back(int fd) {
  off_t size = ::lseek(fd, 0, SEEK_END);
  if (size < 0) sys_fail("lseek");
  bool truncated = size_t(size) > kMaxCaptured;
  std::string text(std::min(size_t(size), kMaxCaptured), '\0');
  size_t got = 0;
  while (got < text.size()) {
    ssize_t n = ::pread(fd, text.data() + got, text.size() - got, off_t(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += size_t(n);
  }
  text.resize(got);
  if (truncated) text += fmt::format("\n[... {} more bytes not shown]\n", size_t(size) - got);
  return text;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string command_line(const Tool& tool) {
  std::string s = "hone";
  for (const std::string& w : tool.command) s += " " + w;
  return s;
}

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer() || id.is_number_unsigned(); }

const char* kInstructions =
    "hone measures a program's performance and runs an optimization procedure on it (baseline, "
    "profile, research, candidates, attempts, report). Call `status` first: it ticks the procedure's "
    "checklist from recorded facts and names the next step as a command (next_command). Each hone "
    "command is a tool of the same name (`hone candidate list` is candidate_list) and returns what "
    "`hone --format json` prints, as hone's docs/json.md documents it (a command without JSON returns "
    "its terminal text). A verdict is a result, not an error: criteria not met (exit status 1) or a "
    "check that is unsure (3) says so in a second text item. Failures come back with isError and "
    "hone's message.";

}  // namespace

const std::vector<std::string>& protocol_versions() {
  static const std::vector<std::string> versions = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
  return versions;
}

Captured capture(const std::function<int()>& fn) {
  Fd out(::memfd_create("hone-mcp-stdout", MFD_CLOEXEC));
  if (out.get() < 0) sys_fail("memfd_create");
  Fd err(::memfd_create("hone-mcp-stderr", MFD_CLOEXEC));
  if (err.get() < 0) sys_fail("memfd_create");
  std::fflush(stdout);
  std::cout.flush();
  Fd saved_out(::fcntl(1, F_DUPFD_CLOEXEC, 3));
  Fd saved_err(::fcntl(2, F_DUPFD_CLOEXEC, 3));
  if (saved_out.get() < 0 || saved_err.get() < 0) sys_fail("dup");
  auto restore = [&] {
    std::cout.flush();
    std::fflush(stdout);
    std::clearerr(stdout);
    ::dup2(saved_out.get(), 1);
    ::dup2(saved_err.get(), 2);
  };
  if (::dup2(out.get(), 1) < 0 || ::dup2(err.get(), 2) < 0) {
    int e = errno;
    restore();
    throw std::system_error(e, std::generic_category(), "dup2");
  }
  Captured c;
  try {
    c.status = fn();
  } catch (...) {
    restore();
    throw;
  }
  restore();
  c.out = read_back(out.get());
  c.err = read_back(err.get());
  return c;
}

Server::Server(Host host, Send send, Options options)
    : host_(std::move(host)), send_(std::move(send)), options_(options) {}

void Server::send(const json& msg) { send_(dump(msg)); }

void Server::handle_line(const std::string& line) {
  json msg;
  try {
    msg = json::parse(line);
  } catch (const json::exception& e) {
    send(error_response(nullptr, kParseError, fmt::format("Parse error: {}", e.what())));
    return;
  }
  if (msg.is_array()) {
    // A batch (JSON-RPC 2.0, MCP 2025-03-26): one array of the replies, none for notifications.
    if (msg.empty()) {
      send(error_response(nullptr, kInvalidRequest, "Invalid Request: an empty batch"));
      return;
    }
    json replies = json::array();
    for (const json& m : msg) {
      json r = handle(m);
      if (!r.is_null()) replies.push_back(std::move(r));
    }
    if (!replies.empty()) send(replies);
    return;
  }
  json r = handle(msg);
  if (!r.is_null()) send(r);
}

json Server::handle(const json& msg) {
  if (!msg.is_object()) return error_response(nullptr, kInvalidRequest, "Invalid Request: not a JSON object");
  bool has_id = msg.contains("id");
  json id = has_id ? msg["id"] : json(nullptr);
  if (has_id && !valid_id(id))
    return error_response(nullptr, kInvalidRequest, "Invalid Request: id must be a string or an integer");
  if (!msg.contains("method")) {
    // A response to a request of ours: the server sends none, so there is nothing to match.
    if (msg.contains("result") || msg.contains("error")) return nullptr;
    return error_response(id, kInvalidRequest, "Invalid Request: no method");
  }
  if (msg.value("jsonrpc", json()) != "2.0")
    return error_response(id, kInvalidRequest, "Invalid Request: jsonrpc must be \"2.0\"");
  if (!msg["method"].is_string())
    return error_response(id, kInvalidRequest, "Invalid Request: method must be a string");
  std::string method = msg["method"];
  // Notifications get no reply: initialized and cancelled (a call runs to its end before the
  // next message is read, so there is never one in flight to cancel) need no action either.
  if (!has_id) return nullptr;
  json params = msg.contains("params") ? msg["params"] : json::object();
  try {
    if (!params.is_object()) throw RpcError{kInvalidParams, "Invalid params: params must be an object"};
    json result;
    if (method == "initialize")
      result = initialize(params);
    else if (method == "ping")
      result = json::object();
    else if (method == "tools/list") {
      if (params.contains("cursor") && !params["cursor"].is_string())
        throw RpcError{kInvalidParams, "Invalid params: cursor must be a string"};
      json list = json::array();
      for (const Tool& t : tools()) list.push_back(t.listing());
      result = {{"tools", list}};
    } else if (method == "tools/call")
      result = call_tool(params);
    else
      throw RpcError{kMethodNotFound, fmt::format("Method not found: {}", method)};
    return {{"jsonrpc", "2.0"}, {"id", id}, {"result", result}};
  } catch (const RpcError& e) {
    return error_response(id, e.code, e.message);
  } catch (const std::exception& e) {
    return error_response(id, kInternalError, fmt::format("Internal error: {}", e.what()));
  }
}

json Server::initialize(const json& params) {
  if (!params.contains("protocolVersion") || !params["protocolVersion"].is_string())
    throw RpcError{kInvalidParams, "Invalid params: protocolVersion must be a string"};
  std::string asked = params["protocolVersion"];
  const std::vector<std::string>& known = protocol_versions();
  version_ = std::find(known.begin(), known.end(), asked) != known.end() ? asked : known.front();
  return {{"protocolVersion", version_},
          {"capabilities", {{"tools", {{"listChanged", false}}}}},
          {"serverInfo", {{"name", "hone"}, {"title", "hone"}, {"version", host_.version}}},
          {"instructions", kInstructions}};
}

json Server::call_tool(const json& params) {
  if (!params.contains("name") || !params["name"].is_string())
    throw RpcError{kInvalidParams, "Invalid params: name must be a string"};
  std::string name = params["name"];
  const Tool* tool = find_tool(name);
  if (!tool) throw RpcError{kInvalidParams, fmt::format("Unknown tool: {}", name)};
  json arguments = params.contains("arguments") ? params["arguments"] : json::object();
  if (!arguments.is_object() && !arguments.is_null())
    throw RpcError{kInvalidParams, "Invalid params: arguments must be an object"};
  auto text = [](std::string s) { return json{{"type", "text"}, {"text", std::move(s)}}; };
  std::vector<std::string> words;
  try {
    words = tool->argv(arguments);
  } catch (const ArgumentError& e) {
    // Reported to the model as the tool's failure, so it can correct the call (SEP-1303).
    return {{"content", json::array({text(e.what())})}, {"isError", true}};
  }
  bool json_out = host_.prints_json(tool->command.front());
  std::vector<std::string> args = {"--format", json_out ? "json" : "terminal", "--color", "never"};
  args.insert(args.end(), words.begin(), words.end());

  // A long call (a bench, an attempt) reports that it is alive when the client asked for it.
  json token;
  if (params.contains("_meta") && params["_meta"].is_object() && params["_meta"].contains("progressToken"))
    token = params["_meta"]["progressToken"];
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::thread ticker;
  if (token.is_string() || token.is_number_integer() || token.is_number_unsigned()) {
    ticker = std::thread([&] {
      auto start = std::chrono::steady_clock::now();
      std::unique_lock<std::mutex> lock(m);
      for (int n = 1; !cv.wait_for(lock, options_.progress_interval, [&] { return done; }); ++n) {
        auto secs = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
        send({{"jsonrpc", "2.0"},
              {"method", "notifications/progress"},
              {"params",
               {{"progressToken", token},
                {"progress", n},
                {"message", fmt::format("{}: running for {} s", command_line(*tool), secs.count())}}}});
      }
    });
  }
  Captured c;
  try {
    c = capture([&] { return host_.run(args); });
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(m);
      done = true;
    }
    cv.notify_all();
    if (ticker.joinable()) ticker.join();
    throw;
  }
  {
    std::lock_guard<std::mutex> lock(m);
    done = true;
  }
  cv.notify_all();
  if (ticker.joinable()) ticker.join();
  // Relay what the command said on stderr to the server's own stderr (a log for the person
  // who started the client), then answer.
  if (!c.err.empty()) std::fputs(c.err.c_str(), stderr);

  std::string cmd = command_line(*tool);
  std::string err = trim(c.err);
  json content = json::array();
  // 0 success; 1 and 3 are verdicts (criteria not met, a regression, unsure), not failures.
  bool verdict = c.status == 0 || c.status == 1 || c.status == 3;
  if (c.status == exit_code(Exit::interrupted)) interrupted_ = true;
  if (!verdict) {
    std::string why =
        c.status == exit_code(Exit::interrupted) ? "stopped by Ctrl-C" : fmt::format("exited with status {}", c.status);
    content.push_back(text(err.empty() ? fmt::format("`{}` {}", cmd, why) : err));
    if (!trim(c.out).empty()) content.push_back(text(c.out));
    return {{"content", content}, {"isError", true}};
  }
  json structured;
  if (json_out) {
    try {
      structured = json::parse(c.out);
    } catch (const json::exception&) {
      structured = nullptr;  // not JSON after all: returned as text only
    }
  }
  if (!c.out.empty()) content.push_back(text(c.out));
  std::string note;
  if (c.status != 0) note = fmt::format("`{}` exited with status {}", cmd, c.status);
  if (!err.empty()) note += (note.empty() ? "" : "\n") + err;
  if (!note.empty()) content.push_back(text(note));
  if (content.empty()) content.push_back(text(fmt::format("`{}` printed nothing", cmd)));
  json result = {{"content", content}, {"isError", false}};
  // structuredContent is part of the protocol from 2025-06-18 on; it is always an object.
  if (structured.is_object() && version_ >= "2025-06-18") result["structuredContent"] = structured;
  return result;
}

namespace {

// Writes a whole line to the client. SIGPIPE is held back while writing, so a client that went
// away is a failed write, not a dead server; the signal is consumed, and the mask restored
// (children inherit a blocked or ignored SIGPIPE, which would change how they behave).
bool write_line(int fd, const std::string& line) {
  sigset_t pipe_set, old;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  std::string data = line + "\n";
  size_t done = 0;
  bool ok = true;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    done += size_t(n);
  }
  if (!ok) {
    timespec zero{};
    sigtimedwait(&pipe_set, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return ok;
}

}  // namespace

Exit serve(Host host, Options options) {
  // The protocol keeps its own copies of stdin and stdout; fd 0 becomes /dev/null and fd 1 a
  // copy of stderr, for the commands and everything they run.
  std::fflush(stdout);
  int in = ::fcntl(0, F_DUPFD_CLOEXEC, 3);
  int out = ::fcntl(1, F_DUPFD_CLOEXEC, 3);
  if (in < 0 || out < 0) sys_fail("dup");
  Fd in_fd(in), out_fd(out);
  Fd null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (null.get() < 0) sys_fail("open /dev/null");
  if (::dup2(null.get(), 0) < 0 || ::dup2(2, 1) < 0) sys_fail("dup2");

  std::mutex write_mutex;
  bool client_gone = false;
  Server server(
      std::move(host),
      [&](const std::string& line) {
        std::lock_guard<std::mutex> lock(write_mutex);
        if (!client_gone && !write_line(out, line)) client_gone = true;
      },
      options);
  std::string pending;
  bool skipping = false;  // inside a line longer than kMaxLine
  char buf[65536];
  auto handle = [&](std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) return;
    server.handle_line(line);
  };
  for (;;) {
    ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) sys_fail("read stdin");
    if (n == 0) break;
    pending.append(buf, size_t(n));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      if (skipping) {
        skipping = false;
        continue;
      }
      handle(pending.substr(start, nl - start));
      if (server.interrupted()) return Exit::interrupted;
      if (client_gone) return Exit::ok;
    }
    pending.erase(0, start);
    if (pending.size() > kMaxLine) {
      if (!skipping) server.handle_line("");  // answered as a parse error, naming no id
      std::fprintf(stderr, "hone: mcp: a message longer than %zu MiB was skipped\n", kMaxLine >> 20);
      pending.clear();
      skipping = true;
    }
  }
  if (!skipping && !pending.empty()) handle(pending);
  return server.interrupted() ? Exit::interrupted : Exit::ok;
}

}  // namespace hone::mcp

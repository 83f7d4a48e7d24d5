#pragma once
// `hone mcp`: a Model Context Protocol server over stdio. Messages are JSON-RPC 2.0, one per
// line, on stdin and stdout (the MCP stdio transport). Each tool call runs one hone command in
// this process exactly as the command line would (`hone --format json COMMAND ...`), with the
// command's stdout and stderr captured: what the tool returns is what the command printed, and
// the transport's stdout carries nothing but protocol messages.
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "util/exit_status.h"

namespace hone::mcp {

// The protocol revisions the server speaks, newest first. A client asking for one of them gets
// it; any other request gets the newest, and the client decides whether to go on.
const std::vector<std::string>& protocol_versions();

// What the server needs from the command line (src/cli), so that no command logic lives here.
struct Host {
  std::string version;  // serverInfo.version, e.g. "0.1.0"
  // Whether `hone COMMAND` prints --format json (else its terminal text is returned as is).
  std::function<bool(const std::string& command)> prints_json;
  // Runs `hone ARGS...` in this process and returns its exit status; what it prints goes to the
  // current stdout and stderr, which the server captures.
  std::function<int(const std::vector<std::string>& args)> run;
};

struct Options {
  // How often a long tool call sends notifications/progress, when the request asked for it
  // with _meta.progressToken.
  std::chrono::milliseconds progress_interval{5000};
};

// What a command printed, and how it ended.
struct Captured {
  int status = 0;
  std::string out, err;
};

// Runs fn() with file descriptors 1 and 2 pointing at fresh anonymous files, then puts them back
// and returns what was written. Throws std::system_error when the files cannot be set up.
Captured capture(const std::function<int()>& fn);

class Server {
 public:
  using Send = std::function<void(const std::string& line)>;
  Server(Host host, Send send, Options options = {});

  // Handles one line of input: a message or a batch. Sends the replies (and any notifications
  // on the way) through `send`; a notification gets no reply.
  void handle_line(const std::string& line);
  // A tool call was interrupted by Ctrl-C: the server should stop, as the command line would.
  bool interrupted() const { return interrupted_; }

 private:
  nlohmann::json handle(const nlohmann::json& msg);  // a response, or null for none
  nlohmann::json initialize(const nlohmann::json& params);
  nlohmann::json call_tool(const nlohmann::json& params);
  void send(const nlohmann::json& msg);

  Host host_;
  Send send_;
  Options options_;
  std::string version_;  // the negotiated protocol revision; empty before initialize
  bool interrupted_ = false;
};

// Serves on stdin and stdout until stdin ends (ok) or a tool call is interrupted. From
// the start, stdin is /dev/null and stdout is stderr for everything but the protocol, so no
// command (nor anything it runs) can read the client's messages or write into the transport.
Exit serve(Host host, Options options = {});

}  // namespace hone::mcp

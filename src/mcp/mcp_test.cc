#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <regex>
#include <set>

#include "mcp/server.h"
#include "mcp/tools.h"

namespace hone::mcp {
namespace {

using nlohmann::json;

std::vector<std::string> words(const std::string& tool, const json& args) { return find_tool(tool)->argv(args); }

std::string argument_error(const std::string& tool, const json& args) {
  try {
    find_tool(tool)->argv(args);
  } catch (const ArgumentError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Tools, NamesAreValidUniqueAndSchemasAreObjects) {
  std::set<std::string> seen;
  const std::regex name_re("^[a-zA-Z0-9_-]{1,64}$");
  for (const Tool& t : tools()) {
    EXPECT_TRUE(std::regex_match(t.name, name_re)) << t.name;
    EXPECT_TRUE(seen.insert(t.name).second) << "duplicate " << t.name;
    json l = t.listing();
    EXPECT_EQ(l["inputSchema"]["type"], "object") << t.name;
    EXPECT_FALSE(l["description"].get<std::string>().empty()) << t.name;
    for (const json& r : l["inputSchema"].value("required", json::array()))
      EXPECT_TRUE(l["inputSchema"]["properties"].contains(r)) << t.name << " requires " << r;
  }
  // The reading tools say so; the loop's acting tools do not.
  EXPECT_TRUE(find_tool("status")->read_only);
  EXPECT_TRUE(find_tool("candidate_list")->read_only);
  EXPECT_FALSE(find_tool("bench")->read_only);
  EXPECT_FALSE(find_tool("finish")->read_only);
  EXPECT_EQ(find_tool("mcp"), nullptr);  // the server does not serve itself
}

TEST(Tools, ArgumentsBecomeFlagsThenPositionalsAfterDoubleDash) {
  EXPECT_EQ(words("status", json::object()), (std::vector<std::string>{"status"}));
  EXPECT_EQ(words("status", nullptr), (std::vector<std::string>{"status"}));
  EXPECT_EQ(
      words("bench", {{"benchmarks", {"small", "large"}}, {"runs", 5}, {"no_build", true}, {"metric", "instructions"}}),
      (std::vector<std::string>{"bench", "--bench=small", "--bench=large", "--no-build", "--metric=instructions",
                                "--runs=5"}));
  EXPECT_EQ(words("bench", {{"no_build", false}}), (std::vector<std::string>{"bench"}));
  EXPECT_EQ(words("candidate_approve", {{"ids", {1, 3}}}),
            (std::vector<std::string>{"candidate", "approve", "--", "1", "3"}));
  // Text that looks like a flag stays text: after `--`, or as a flag's own =value.
  EXPECT_EQ(words("log", {{"text", {"--format", "csv"}}}), (std::vector<std::string>{"log", "--", "--format", "csv"}));
  EXPECT_EQ(words("check", {{"base", "--rev=evil"}}), (std::vector<std::string>{"check", "--base=--rev=evil"}));
  EXPECT_EQ(words("compare", {{"commands", {"spin 1", "spin 2"}}, {"seed", 7}}),
            (std::vector<std::string>{"compare", "--seed=7", "--", "spin 1", "spin 2"}));
  EXPECT_EQ(words("candidate_show", {{"id", 2.0}}), (std::vector<std::string>{"candidate", "show", "--", "2"}));
  EXPECT_EQ(words("bisect", {{"good", "v1.0"}, {"bad", "HEAD"}, {"bench", "loop"}}),
            (std::vector<std::string>{"bisect", "--bench=loop", "--", "v1.0", "HEAD"}));
}

TEST(Tools, BadArgumentsNameTheArgumentAndTheValue) {
  EXPECT_EQ(argument_error("bench", {{"runs", "five"}}),
            "argument 'runs': expected a positive integer, got a string (\"five\")");
  EXPECT_EQ(argument_error("bench", {{"runs", 0}}), "argument 'runs': expected a positive integer, got a number (0)");
  EXPECT_EQ(argument_error("bench", {{"warmup", -1}}), "argument 'warmup': expected an integer ≥ 0, got a number (-1)");
  EXPECT_EQ(argument_error("candidate_show", {{"id", 1.5}}),
            "argument 'id': expected a positive integer, got a number (1.5)");
  EXPECT_EQ(argument_error("candidate_show", json::object()), "missing required argument 'id' for tool candidate_show");
  EXPECT_EQ(argument_error("status", {{"verbose", true}}),
            "unknown argument 'verbose' for tool status (it takes: no arguments)");
  EXPECT_EQ(argument_error("bench", {{"benchmarks", "small"}}),
            "argument 'benchmarks': expected an array of strings, got a string (\"small\")");
  EXPECT_EQ(argument_error("bench", {{"benchmarks", {"ok", 3}}}),
            "argument 'benchmarks[1]': expected a string, got a number (3)");
  EXPECT_EQ(argument_error("bench", {{"no_build", "yes"}}),
            "argument 'no_build': expected a boolean, got a string (\"yes\")");
  EXPECT_EQ(argument_error("log", {{"text", json::array()}}), "argument 'text': give at least one value");
  EXPECT_EQ(argument_error("log", {{"text", {std::string("a\0b", 3)}}}),
            "argument 'text[0]': contains a NUL character");
  EXPECT_EQ(argument_error("status", json::array()), "arguments: expected an object, got an array");
}

// A server whose commands are fakes: they print what the test says, as a hone command would.
struct Fixture {
  std::vector<json> sent;
  std::vector<std::vector<std::string>> runs;
  std::function<int(const std::vector<std::string>&)> command = [](const std::vector<std::string>&) { return 0; };
  std::mutex m;
  std::condition_variable cv;
  Server server;

  explicit Fixture(Options o = {})
      : server(
            Host{"9.9.9", [](const std::string& c) { return c != "try"; },
                 [this](const std::vector<std::string>& a) {
                   runs.push_back(a);
                   return command(a);
                 }},
            [this](const std::string& line) {
              EXPECT_EQ(line.find('\n'), std::string::npos);
              std::lock_guard<std::mutex> lock(m);
              sent.push_back(json::parse(line));
              cv.notify_all();
            },
            o) {}

  // Sends one line and returns the one reply it must get.
  json raw(const std::string& line) {
    size_t before = sent.size();
    server.handle_line(line);
    EXPECT_EQ(sent.size(), before + 1) << line;
    return sent.empty() ? json() : sent.back();
  }
  json ask(const json& msg) { return raw(msg.dump()); }
  json call(const std::string& tool, const json& args, int id = 7) {
    return ask(json{
        {"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/call"}, {"params", {{"name", tool}, {"arguments", args}}}});
  }
  void init(const std::string& version) {
    json r = ask(json{{"jsonrpc", "2.0"},
                      {"id", 0},
                      {"method", "initialize"},
                      {"params",
                       {{"protocolVersion", version},
                        {"capabilities", json::object()},
                        {"clientInfo", {{"name", "test"}, {"version", "1"}}}}}});
    ASSERT_EQ(r["result"]["protocolVersion"], version);
  }
};

json request(const std::string& method, json params = json::object(), json id = 1) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
}

TEST(Server, InitializeNegotiatesTheVersionAndDeclaresTools) {
  for (const std::string& v : protocol_versions()) {
    Fixture f;
    json r = f.ask(request("initialize", {{"protocolVersion", v}, {"capabilities", json::object()}}));
    EXPECT_EQ(r["id"], 1);
    EXPECT_EQ(r["result"]["protocolVersion"], v);
    EXPECT_EQ(r["result"]["serverInfo"]["name"], "hone");
    EXPECT_EQ(r["result"]["serverInfo"]["version"], "9.9.9");
    EXPECT_TRUE(r["result"]["capabilities"].contains("tools"));
    EXPECT_TRUE(r["result"]["instructions"].is_string());
  }
  Fixture f;
  json r = f.ask(request("initialize", {{"protocolVersion", "1999-01-01"}}, "a"));
  EXPECT_EQ(r["id"], "a");
  EXPECT_EQ(r["result"]["protocolVersion"], protocol_versions().front());
  EXPECT_EQ(f.ask(request("initialize", {{"protocolVersion", 3}}))["error"]["code"], -32602);
}

TEST(Server, PingListAndNotifications) {
  Fixture f;
  EXPECT_EQ(f.ask(request("ping", json::object(), 5)),
            (json{{"jsonrpc", "2.0"}, {"id", 5}, {"result", json::object()}}));
  json list = f.ask(request("tools/list"));
  ASSERT_EQ(list["result"]["tools"].size(), tools().size());
  EXPECT_EQ(list["result"]["tools"][0]["name"], "status");
  EXPECT_FALSE(list["result"].contains("nextCursor"));
  // Notifications, known or not, and responses to requests never get a reply.
  f.server.handle_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  f.server.handle_line(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}})");
  f.server.handle_line(R"({"jsonrpc":"2.0","method":"notifications/whatever"})");
  f.server.handle_line(R"({"jsonrpc":"2.0","id":9,"result":{}})");
  EXPECT_EQ(f.sent.size(), 2u);
}

TEST(Server, ProtocolErrors) {
  Fixture f;
  json r = f.raw("{not json");
  EXPECT_EQ(r["error"]["code"], -32700);
  EXPECT_TRUE(r["id"].is_null());
  EXPECT_EQ(f.raw(R"({"id":1,"method":"ping"})")["error"]["code"], -32600);  // no jsonrpc
  EXPECT_EQ(f.raw(R"({"jsonrpc":"1.0","id":1,"method":"ping"})")["error"]["code"], -32600);
  EXPECT_EQ(f.raw(R"({"jsonrpc":"2.0","id":1,"method":5})")["error"]["code"], -32600);
  EXPECT_EQ(f.raw(R"({"jsonrpc":"2.0","id":{"x":1},"method":"ping"})")["error"]["code"], -32600);
  EXPECT_EQ(f.raw(R"({"jsonrpc":"2.0","id":1})")["error"]["code"], -32600);
  EXPECT_EQ(f.raw("42")["error"]["code"], -32600);
  EXPECT_EQ(f.raw("[]")["error"]["code"], -32600);
  json nf = f.ask(request("resources/list", json::object(), 4));
  EXPECT_EQ(nf["error"]["code"], -32601);
  EXPECT_EQ(nf["id"], 4);
  EXPECT_EQ(nf["error"]["message"], "Method not found: resources/list");
  EXPECT_EQ(f.raw(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":[1]})")["error"]["code"], -32602);
  EXPECT_EQ(f.ask(request("tools/call", {{"arguments", json::object()}}))["error"]["code"], -32602);
  json unknown = f.ask(request("tools/call", {{"name", "rm_rf"}}));
  EXPECT_EQ(unknown["error"]["code"], -32602);
  EXPECT_EQ(unknown["error"]["message"], "Unknown tool: rm_rf");
  EXPECT_EQ(f.ask(request("tools/call", {{"name", "status"}, {"arguments", "x"}}))["error"]["code"], -32602);
  EXPECT_TRUE(f.runs.empty());
}

TEST(Server, BatchGetsOneArrayOfReplies) {
  Fixture f;
  json r = f.raw(
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":2,"method":"nope"}])");
  ASSERT_TRUE(r.is_array());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["id"], 1);
  EXPECT_EQ(r[1]["error"]["code"], -32601);
}

TEST(Server, ToolCallReturnsWhatTheCommandPrinted) {
  Fixture f;
  f.init("2025-06-18");
  f.command = [](const std::vector<std::string>&) {
    fmt::print("{}\n", json{{"next_command", "hone baseline"}}.dump(2));
    fmt::print(stderr, "hone: building: make\n");
    std::fflush(stdout);
    std::system("echo from-a-child");  // what commands run inherits the captured stdout too
    return 0;
  };
  json r = f.call("status", json::object());
  ASSERT_EQ(f.runs.size(), 1u);
  EXPECT_EQ(f.runs[0], (std::vector<std::string>{"--format", "json", "--color", "never", "status"}));
  EXPECT_EQ(r["id"], 7);
  json res = r["result"];
  EXPECT_EQ(res["isError"], false);
  std::string text = res["content"][0]["text"];
  std::string printed = json{{"next_command", "hone baseline"}}.dump(2) + "\n";
  EXPECT_EQ(text, printed + "from-a-child\n");
  EXPECT_EQ(res["content"][1]["text"], "hone: building: make");
  EXPECT_FALSE(res.contains("structuredContent"));  // the child's line makes it more than JSON

  f.command = [](const std::vector<std::string>&) {
    fmt::print("{}\n", json{{"a", 1}}.dump(2));
    return 0;
  };
  res = f.call("candidate_show", {{"id", 1}})["result"];
  EXPECT_EQ(f.runs.back(),
            (std::vector<std::string>{"--format", "json", "--color", "never", "candidate", "show", "--", "1"}));
  EXPECT_EQ(res["structuredContent"], (json{{"a", 1}}));
  EXPECT_EQ(json::parse(res["content"][0]["text"].get<std::string>()), res["structuredContent"]);
  EXPECT_EQ(res["content"].size(), 1u);

  // A command without JSON gets its terminal text back, as is.
  f.command = [](const std::vector<std::string>&) {
    fmt::print("# Optimize\n");
    return 0;
  };
  res = f.call("try", {{"id", 1}})["result"];
  EXPECT_EQ(f.runs.back()[1], "terminal");
  EXPECT_EQ(res["content"][0]["text"], "# Optimize\n");
  EXPECT_FALSE(res.contains("structuredContent"));
}

TEST(Server, StructuredContentOnlyFromTheRevisionThatHasIt) {
  Fixture f;
  f.init("2025-03-26");
  f.command = [](const std::vector<std::string>&) {
    fmt::print("{{\"a\": 1}}\n");
    return 0;
  };
  json res = f.call("status", json::object())["result"];
  EXPECT_FALSE(res.contains("structuredContent"));
  EXPECT_EQ(res["content"][0]["text"], "{\"a\": 1}\n");
}

TEST(Server, VerdictsAreResultsErrorsAreToolErrors) {
  Fixture f;
  f.init("2025-06-18");
  f.command = [](const std::vector<std::string>&) {
    fmt::print("{{\"met\": false}}\n");
    return 1;
  };
  json res = f.call("criteria", json::object())["result"];
  EXPECT_EQ(res["isError"], false);
  EXPECT_EQ(res["structuredContent"], (json{{"met", false}}));
  EXPECT_EQ(res["content"][1]["text"], "`hone criteria` exited with status 1");

  f.command = [](const std::vector<std::string>&) {
    fmt::print(stderr, "hone: error: no hone.toml in /tmp or its parents\n");
    return 2;
  };
  res = f.call("bench", json::object())["result"];
  EXPECT_EQ(res["isError"], true);
  EXPECT_EQ(res["content"][0]["text"], "hone: error: no hone.toml in /tmp or its parents");
  EXPECT_FALSE(res.contains("structuredContent"));
  EXPECT_FALSE(f.server.interrupted());

  // Bad arguments never reach the command: the model reads why and can correct the call.
  size_t runs = f.runs.size();
  res = f.call("bench", {{"runs", "many"}})["result"];
  EXPECT_EQ(res["isError"], true);
  EXPECT_EQ(res["content"][0]["text"], "argument 'runs': expected a positive integer, got a string (\"many\")");
  EXPECT_EQ(f.runs.size(), runs);

  f.command = [](const std::vector<std::string>&) { return 130; };
  res = f.call("bench", json::object())["result"];
  EXPECT_EQ(res["isError"], true);
  EXPECT_EQ(res["content"][0]["text"], "`hone bench` stopped by Ctrl-C");
  EXPECT_TRUE(f.server.interrupted());
}

TEST(Server, LongCallsReportProgressWhenAsked) {
  Fixture f(Options{std::chrono::milliseconds(1)});
  f.init("2025-06-18");
  // The command ends only once a progress notification went out (or after 60 s: a failure).
  f.command = [&f](const std::vector<std::string>&) {
    std::unique_lock<std::mutex> lock(f.m);
    bool seen = f.cv.wait_for(lock, std::chrono::seconds(60),
                              [&] { return !f.sent.empty() && f.sent.back().contains("method"); });
    fmt::print("{{}}\n");
    return seen ? 0 : 2;
  };
  size_t before = f.sent.size();
  f.server.handle_line(request("tools/call", {{"name", "bench"}, {"_meta", {{"progressToken", "tok"}}}}, 3).dump());
  ASSERT_GE(f.sent.size(), before + 2);
  json progress = f.sent[before];
  EXPECT_EQ(progress["method"], "notifications/progress");
  EXPECT_EQ(progress["params"]["progressToken"], "tok");
  EXPECT_EQ(progress["params"]["progress"], 1);
  EXPECT_EQ(f.sent.back()["id"], 3);  // the reply comes last
  EXPECT_EQ(f.sent.back()["result"]["isError"], false);
  for (size_t i = before; i + 1 < f.sent.size(); ++i) EXPECT_EQ(f.sent[i]["method"], "notifications/progress");
}

TEST(Capture, RestoresStdoutAndStderr) {
  Captured c = capture([] {
    std::printf("out");
    std::fprintf(stderr, "err");
    return 4;
  });
  EXPECT_EQ(c.status, 4);
  EXPECT_EQ(c.out, "out");
  EXPECT_EQ(c.err, "err");
  EXPECT_THROW(capture([]() -> int { throw std::runtime_error("x"); }), std::runtime_error);
  Captured again = capture([] {
    std::printf("again");
    return 0;
  });
  EXPECT_EQ(again.out, "again");
}

// serve() in a child process on pipes: the transport carries only protocol lines, and a command
// can neither read the client's messages nor write into the transport.
TEST(Serve, StdoutCarriesOnlyProtocolMessages) {
  int to_child[2], from_child[2];
  ASSERT_EQ(::pipe(to_child), 0);
  ASSERT_EQ(::pipe(from_child), 0);
  std::fflush(stdout);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(to_child[0], 0);
    ::dup2(from_child[1], 1);
    ::close(to_child[1]);
    ::close(from_child[0]);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 2);
    // prints_json runs outside any capture: what it prints must not reach the transport.
    auto prints_json = [](const std::string&) {
      std::printf("stray\n");
      std::fflush(stdout);
      return true;
    };
    Host host{"1", prints_json, [](const std::vector<std::string>&) {
                char c;
                ssize_t n = ::read(0, &c, 1);  // /dev/null: end of file, not the client's next message
                fmt::print("{{\"read\": {}}}\n", n);
                return 0;
              }};
    ::_exit(exit_code(serve(host)));
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  std::string in =
      json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", {{"protocolVersion", "2025-06-18"}}}}
          .dump() +
      "\r\n\n" + json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}.dump() + "\n" +
      json{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/call"}, {"params", {{"name", "status"}}}}.dump() + "\n" +
      R"({"jsonrpc":"2.0","id":3,"method":"ping"})";  // the last line may lack its newline
  ASSERT_EQ(::write(to_child[1], in.data(), in.size()), ssize_t(in.size()));
  ::close(to_child[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(from_child[0], buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  ::close(from_child[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::vector<json> lines;
  size_t start = 0;
  for (size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(json::parse(out.substr(start, nl - start)));
  EXPECT_EQ(start, out.size()) << out;
  ASSERT_EQ(lines.size(), 3u) << out;
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_EQ(lines[1]["id"], 2);
  EXPECT_EQ(lines[1]["result"]["structuredContent"], (json{{"read", 0}}));
  EXPECT_EQ(lines[2]["id"], 3);
}

}  // namespace
}  // namespace hone::mcp

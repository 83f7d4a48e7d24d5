# Changes nothing, but leaves two processes running: one in its process group, one daemonized
# into a session of its own. Their pids go to files beside the report for the test.
sleep 300 >/dev/null 2>&1 &
echo $! > "$HONE_REPORT_FILE.child"
setsid sh -c 'echo $$ > "$1"; exec sleep 300' daemon "$HONE_REPORT_FILE.daemon" >/dev/null 2>&1 < /dev/null &
# Gone only once the daemon has written its pid (so the test can look for it).
while [ ! -s "$HONE_REPORT_FILE.daemon" ]; do sleep 0.01; done

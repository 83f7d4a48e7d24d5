# hone dies while the agent runs (loop_crash_test.sh): the agent makes the range-tests change,
# starts a helper in its process group (its pid beside the report), then SIGKILLs hone, its
# parent. The agent itself dies with hone (PR_SET_PDEATHSIG); the helper runs on, orphaned,
# until the next loop command's recovery ends the agent's process group.
here=$(cd "$(dirname "$0")" && pwd)
git apply "$here/../range-tests/patch"
cp "$here/../range-tests/report.json" "$HONE_REPORT_FILE"
sleep 300 >/dev/null 2>&1 &
echo $! > "$HONE_REPORT_FILE.child"
kill -KILL "$PPID"
wait

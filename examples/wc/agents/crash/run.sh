# Stands for an agent that gives up: some edits, then a non-zero exit and no report.
echo "// scratch" >> src/count.cc
echo "scripted-agent: giving up" >&2
exit 3

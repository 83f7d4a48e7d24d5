# Stands for an agent that never returns: hone kills it at [agent] timeout.
echo "scripted-agent: thinking forever"
exec sleep 600

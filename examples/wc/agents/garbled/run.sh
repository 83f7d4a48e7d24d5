# Stands for an agent that writes a report hone cannot read, and changes nothing.
printf "{\"mechanism\": \"faster" > "$HONE_REPORT_FILE"

# A throwaway single-node Slurm (slurmctld + slurmd on localhost, munge for auth), for tests,
# sourced by bash scripts: `slurm_start` writes a slurm.conf under a fresh temporary folder, starts
# munged (unless one runs), slurmctld and slurmd, waits for the node to be idle and exports
# SLURM_CONF; `slurm_stop` stops them by the pids in their pid files and removes the folder.
# Callers stop it from an EXIT trap. Needs root (SlurmUser=root) and Debian's slurm-wlm, munge.
slurm_start() {
  command -v slurmctld >/dev/null || { echo "slurm.sh: slurm-wlm is not installed" >&2; return 1; }
  SLURM_DIR="$(mktemp -d "${TMPDIR:-/tmp}/hone-slurm.XXXXXX")"
  chmod 755 "$SLURM_DIR"
  mkdir -p "$SLURM_DIR/state" "$SLURM_DIR/spool"
  if [[ ! -s /etc/munge/munge.key ]]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chown munge: /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
  fi
  SLURM_MUNGE_STARTED=""
  if ! pgrep -x munged >/dev/null; then
    mkdir -p /run/munge && chown munge: /run/munge
    (cd / && su -s /bin/sh munge -c munged) || { echo "slurm.sh: munged did not start" >&2; return 1; }
    SLURM_MUNGE_STARTED=1
  fi
  local host port
  host="$(hostname -s)"
  port=$((20000 + RANDOM % 20000))
  cat > "$SLURM_DIR/slurm.conf" <<CONF
ClusterName=hone-test
SlurmctldHost=$host
SlurmUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool
SlurmctldPidFile=$SLURM_DIR/slurmctld.pid
SlurmdPidFile=$SLURM_DIR/slurmd.pid
SlurmctldLogFile=$SLURM_DIR/slurmctld.log
SlurmdLogFile=$SLURM_DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=$host CPUs=$(nproc) RealMemory=2000
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$SLURM_DIR/slurm.conf"
  slurmctld || { cat "$SLURM_DIR/slurmctld.log" >&2; return 1; }
  slurmd || { cat "$SLURM_DIR/slurmd.log" >&2; return 1; }
  for _ in $(seq 1 60); do
    sinfo -h -o %t 2>/dev/null | grep -q idle && return 0
    sleep 0.5
  done
  echo "slurm.sh: the node did not become idle" >&2
  sinfo >&2 || true
  return 1
}

slurm_stop() {
  [[ -n "${SLURM_DIR:-}" && -d "$SLURM_DIR" ]] || return 0
  local f
  for f in slurmd slurmctld; do
    [[ -s "$SLURM_DIR/$f.pid" ]] && kill "$(cat "$SLURM_DIR/$f.pid")" 2>/dev/null || true
  done
  sleep 0.5
  if [[ -n "${SLURM_MUNGE_STARTED:-}" && -s /run/munge/munged.pid ]]; then kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true; fi
  rm -rf "$SLURM_DIR"
  SLURM_DIR=""
}

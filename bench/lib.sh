# lib.sh - sourced by the bench scripts that run the board in the background.

# A free TCP port of 127.0.0.1.
bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# bench_wait_first_frame LOG: waits up to 10 s for the board's first frame; shows the
# log and fails without one.
bench_wait_first_frame() {
  local _
  for _ in $(seq 100); do
    grep -q "first frame presented" "$1" && return 0
    sleep 0.1
  done
  cat "$1" >&2
  return 1
}

# bench_pss PID: its proportional set size in MB, one decimal.
bench_pss() { awk '/^Pss:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/smaps_rollup"; }

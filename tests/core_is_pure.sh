#!/bin/sh
# core_is_pure.sh - fails if the pure core (app/core) calls the clock, the file system,
# the network, the environment or SDL. Usage: core_is_pure.sh DIR
dir=$1
bad=$(grep -nE '\b(time|clock_gettime|gettimeofday|localtime|localtime_r|gmtime|mktime|tzset|setenv|getenv|fopen|open|read|write|opendir|stat|fstat|socket|connect|curl_[a-z_]+|SDL_[A-Za-z_]+|TTF_[A-Za-z_]+|pthread_create)[[:space:]]*\(' "$dir"/*.c "$dir"/*.h "$dir"/*/*.c "$dir"/*/*.h \
  | grep -vE '^\S+:[0-9]+:\s*(/?\*|//)')
if [ -n "$bad" ]; then
  echo "impure calls in the core:"
  echo "$bad"
  exit 1
fi
count=$(ls "$dir"/*.c "$dir"/*/*.c | wc -l)
echo "core is pure: $count source files checked"

#!/bin/sh
# core_is_pure.sh - fails if the pure core (app/core) calls the clock, the file system,
# the network, the environment or SDL. Comments are not code: a line's comment is
# removed before it is looked at. Usage: core_is_pure.sh DIR
dir=$1
calls='\b(time|clock_gettime|gettimeofday|localtime|localtime_r|gmtime|mktime|tzset|setenv|getenv|fopen|open|read|write|opendir|stat|fstat|socket|connect|curl_[a-z_]+|SDL_[A-Za-z_]+|TTF_[A-Za-z_]+|pthread_create)[[:space:]]*\('
bad=$(grep -nE "$calls" "$dir"/*.c "$dir"/*.h "$dir"/*/*.c "$dir"/*/*.h \
  | sed -E 's#/\*.*(\*/|$)##; s#//.*$##; s#^([^:]+:[0-9]+:)[[:space:]]*\*.*$#\1#' \
  | grep -E "$calls")
if [ -n "$bad" ]; then
  echo "impure calls in the core:"
  echo "$bad"
  exit 1
fi
count=$(ls "$dir"/*.c "$dir"/*/*.c | wc -l)
echo "core is pure: $count source files checked"

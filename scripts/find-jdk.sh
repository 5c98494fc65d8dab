# Sourced by run.sh, bench.sh and .ci/run: points JAVA_HOME and PATH at a JDK of 21 or newer, so nobody
# has to set JAVA_HOME by hand on a machine whose default java is older (Debian 12's is 17).
# Order: JAVA_HOME if it is new enough, then `java` on the PATH, then the newest JDK in the usual places.

OSAGO_MIN_JAVA=21

# The major version of a java binary, or nothing.
java_major() {
  local out version major
  out="$("$1" -version 2>&1)" || return 0
  version="$(awk -F'"' '/version/ { print $2; exit }' <<< "$out")"
  major="${version%%.*}"
  [[ "$major" == "1" ]] && major=8   # "1.8.0_x" style versions
  [[ "$major" =~ ^[0-9]+$ ]] && echo "$major"
}

# Prints the home of the newest JDK >= OSAGO_MIN_JAVA found, or nothing.
find_jdk_home() {
  local candidate major best="" best_major=0
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && -x "$JAVA_HOME/bin/javac" ]]; then
    major="$(java_major "$JAVA_HOME/bin/java")"
    if [[ -n "$major" && "$major" -ge "$OSAGO_MIN_JAVA" ]]; then echo "$JAVA_HOME"; return; fi
  fi
  if command -v javac >/dev/null && command -v java >/dev/null; then
    major="$(java_major java)"
    if [[ -n "$major" && "$major" -ge "$OSAGO_MIN_JAVA" ]]; then
      dirname "$(dirname "$(readlink -f "$(command -v javac)")")"
      return
    fi
  fi
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
                   "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [[ -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    major="$(java_major "$candidate/bin/java")"
    if [[ -n "$major" && "$major" -ge "$OSAGO_MIN_JAVA" && "$major" -gt "$best_major" ]]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  [[ -n "$best" ]] && echo "$best"
}

use_jdk() {
  local home
  home="$(find_jdk_home)"
  if [[ -z "$home" ]]; then
    echo "No JDK $OSAGO_MIN_JAVA or newer found (JAVA_HOME, PATH, /usr/lib/jvm, SDKMAN). Install one, e.g." >&2
    echo "  Debian/Ubuntu: sudo apt-get install openjdk-21-jdk   (or a Temurin 25 package)" >&2
    echo "  macOS:         brew install openjdk@25" >&2
    echo "  SDKMAN:        sdk install java 25-tem" >&2
    return 1
  fi
  export JAVA_HOME="$home"
  export PATH="$home/bin:$PATH"
}

# shellcheck shell=bash
# Finds a JDK 21 or newer for ./nymote and ./run-tests. Source it, then call nymote_find_jdk:
# it sets and exports JAVA_HOME, or prints what it looked at and returns 1.
# Order: $JAVA_HOME, then `java` on PATH, then the newest JDK under /usr/lib/jvm.

NYMOTE_MIN_JAVA=21

# Prints the feature version (8, 17, 21, 25 ...) of the java binary given, by running it.
nymote_java_version() {
  local line version
  line=$("$1" -version 2>&1 | grep -m1 ' version "') || return 1
  version=${line#*version \"}
  version=${version%%\"*}
  case $version in
    1.*) version=${version#1.} ;;
  esac
  version=${version%%[!0-9]*}
  [[ -n $version ]] || return 1
  printf '%s\n' "$version"
}

# Succeeds when $1 is a JDK home (java and javac) of at least NYMOTE_MIN_JAVA.
nymote_usable_jdk() {
  local home=$1 version
  [[ -x $home/bin/java && -x $home/bin/javac ]] || return 1
  version=$(nymote_java_version "$home/bin/java") || return 1
  ((version >= NYMOTE_MIN_JAVA))
}

nymote_find_jdk() {
  local looked=() home java best='' best_version=0 version
  if [[ -n ${JAVA_HOME:-} ]]; then
    if nymote_usable_jdk "$JAVA_HOME"; then
      export JAVA_HOME
      return 0
    fi
    looked+=("JAVA_HOME=$JAVA_HOME ($(nymote_describe "$JAVA_HOME"))")
  fi
  if java=$(command -v java); then
    home=$(dirname "$(dirname "$(readlink -f "$java")")")
    if nymote_usable_jdk "$home"; then
      export JAVA_HOME=$home
      return 0
    fi
    looked+=("java on PATH: $home ($(nymote_describe "$home"))")
  fi
  for home in /usr/lib/jvm/*; do
    [[ -d $home && ! -L $home ]] || continue
    if nymote_usable_jdk "$home"; then
      version=$(nymote_java_version "$home/bin/java")
      if ((version > best_version)); then
        best=$home
        best_version=$version
      fi
    else
      looked+=("$home ($(nymote_describe "$home"))")
    fi
  done
  if [[ -n $best ]]; then
    export JAVA_HOME=$best
    return 0
  fi
  {
    echo "error: no JDK $NYMOTE_MIN_JAVA or newer found. Looked at:"
    ((${#looked[@]})) || looked=("JAVA_HOME unset, no java on PATH, nothing under /usr/lib/jvm")
    printf '  %s\n' "${looked[@]}"
    echo "Install a JDK $NYMOTE_MIN_JAVA+ (for example Temurin) and set JAVA_HOME to its folder."
  } >&2
  return 1
}

# Says why a folder is not a usable JDK, for the error message.
nymote_describe() {
  local version
  if [[ ! -x $1/bin/java ]]; then
    echo "no bin/java"
  elif ! version=$(nymote_java_version "$1/bin/java"); then
    echo "java does not run"
  elif [[ ! -x $1/bin/javac ]]; then
    echo "Java $version without javac"
  else
    echo "Java $version"
  fi
}

# Maven's own Guava warns about sun.misc.Unsafe on JDK 24+; allow it so builds stay quiet.
nymote_maven_opts() {
  local version
  version=$(nymote_java_version "$JAVA_HOME/bin/java") || return 0
  if ((version >= 24)); then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
}

#!/usr/bin/env bash
# Entry point of the build, shaped like NUKE's: find or install the .NET SDK that global.json pins, compile
# the build project when its sources changed, then hand every argument to it (./build.sh --help).
set -eo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
BUILD_DLL="$SCRIPT_DIR/build/bin/Debug/net10.0/_build.dll"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"
DOTNET_GLOBAL_FILE="$SCRIPT_DIR/global.json"
DOTNET_INSTALL_URL="https://dot.net/v1/dotnet-install.sh"

# The secret parameters' variables (the [Secret] parameters of build/, checked by a test): they never reach the
# compiler nor stay in the build's /proc/<pid>/environ. Kept unexported here, they are handed to the build on a file
# descriptor just before it starts (see hand_over_secrets).
SECRET_VARIABLES=(OPENH264_SIGNING_KEY OPENH264_SIGNING_KEY_PASSWORD OPENH264_REPOSITORY_KEY
                  GITHUB_TOKEN OPENH264_GITHUB_TOKEN OPENH264_UPSTREAM_TOKEN)
HELD_SECRETS=()
for name in "${SECRET_VARIABLES[@]}"; do
    if [[ -v $name ]]; then HELD_SECRETS+=("$name"); export -n "$name"; fi
done

# Secrets go into a 0600 file that is opened on descriptor 9 and deleted at once: the build reads them from the
# descriptor (build/Engine/SecretHandOver.cs) and closes it; nothing is left on disk or in the process environment.
hand_over_secrets() {
    [[ ${#HELD_SECRETS[@]} -eq 0 ]] && return 0
    local file name
    file=$(umask 077 && mktemp "${TMPDIR:-/tmp}/openh264-build-secrets.XXXXXXXX")
    for name in "${HELD_SECRETS[@]}"; do printf '%s=%s\0' "$name" "${!name}"; done > "$file"
    exec 9<"$file"
    rm -f "$file"
    for name in "${HELD_SECRETS[@]}"; do unset "$name"; done
    export OPENH264_BUILD_SECRETS_FD=9
}

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NUKE_ROOT_DIRECTORY="$SCRIPT_DIR"

# Fetching the SDK needs curl and CA certificates: as root on Debian they are installed, otherwise the command is named.
ensure_curl() {
    command -v curl >/dev/null 2>&1 && [[ -e /etc/ssl/certs/ca-certificates.crt ]] && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing curl and CA certificates (to fetch the .NET SDK)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends curl ca-certificates >&2
    else
        echo "./build.sh needs curl and CA certificates to fetch the .NET SDK: sudo apt-get install curl ca-certificates" >&2
        exit 1
    fi
}

# The build program is compiled only when what it is made of changed: the sha256 of its sources
# (build/sources-digest.sh), which every compile records beside the compiled program. Contents, not mtimes, so a
# checkout, a touch or a clock step neither forces nor hides a compile. When the record matches, the compiled
# program starts at once, without asking for the SDK: a run with nothing changed costs only the run itself.
DIGEST_FILE="$BUILD_DLL.sources.sha256"
BUILD_EXE="${BUILD_DLL%.dll}"
start_built() {
    hand_over_secrets
    # The runtime the program was built against: the private SDK's folder when there is one, else the dotnet on PATH.
    if [[ -z "${DOTNET_ROOT:-}" ]]; then
        if [[ -x "$TEMP_DIRECTORY/dotnet-unix/dotnet" ]]; then export DOTNET_ROOT="$TEMP_DIRECTORY/dotnet-unix"
        elif command -v dotnet >/dev/null 2>&1; then DOTNET_ROOT=$(dirname "$(readlink -f "$(command -v dotnet)")"); export DOTNET_ROOT
        fi
    fi
    [[ -x "$BUILD_EXE" ]] && exec "$BUILD_EXE" "$@"
    exec "${DOTNET_EXE:-$DOTNET_ROOT/dotnet}" "$BUILD_DLL" "$@"
}
# The digest is the proof; the stat of the same files (path, size, mtime, ctime, inode: one find, no reading) is
# the first check. It is recorded each time the digest is proved, and while it is unchanged the digest still holds:
# any write moves a file's ctime, which no program can set back.
STAT_FILE="$BUILD_DLL.sources.stat"
SOURCES_STAT=$(cd "$SCRIPT_DIR" && find build global.json \( -path build/bin -o -path build/obj \) -prune -o -type f \
               -printf '%p %s %T@ %C@ %i\n')
if [[ -f "$BUILD_DLL" && -f "$DIGEST_FILE" && -f "$STAT_FILE" && "$(<"$STAT_FILE")" == "$SOURCES_STAT" ]]; then
    start_built "$@"
fi
SOURCES_DIGEST=$(sh "$SCRIPT_DIR/build/sources-digest.sh" "$SCRIPT_DIR")
if [[ -f "$BUILD_DLL" && -f "$DIGEST_FILE" && "$(cat "$DIGEST_FILE")" == "$SOURCES_DIGEST" ]]; then
    printf '%s' "$SOURCES_STAT" > "$STAT_FILE"
    start_built "$@"
fi

# A dotnet on PATH is used only when it satisfies global.json (asked from the repository root, where
# 'dotnet --version' fails if no installed SDK matches the pin).
if command -v dotnet >/dev/null 2>&1 && (cd "$SCRIPT_DIR" && dotnet --version >/dev/null 2>&1); then
    DOTNET_EXE="$(command -v dotnet)"
else
    # The official install script, into a folder of our own: nothing is installed system-wide.
    DOTNET_DIRECTORY="$TEMP_DIRECTORY/dotnet-unix"
    DOTNET_EXE="$DOTNET_DIRECTORY/dotnet"
    if [[ ! -x "$DOTNET_EXE" ]]; then
        echo "No .NET SDK matching global.json: installing one into $DOTNET_DIRECTORY" >&2
        ensure_curl
        mkdir -p "$TEMP_DIRECTORY"
        DOTNET_INSTALL_FILE="$TEMP_DIRECTORY/dotnet-install.sh"
        curl -fsSL "$DOTNET_INSTALL_URL" -o "$DOTNET_INSTALL_FILE"
        chmod +x "$DOTNET_INSTALL_FILE"
        DOTNET_VERSION=$(sed -n 's/.*"version"[^"]*"\([^"]*\)".*/\1/p' "$DOTNET_GLOBAL_FILE" | head -n 1)
        "$DOTNET_INSTALL_FILE" --install-dir "$DOTNET_DIRECTORY" --channel "${DOTNET_VERSION%.*}" --no-path
    fi
    export DOTNET_ROOT="$DOTNET_DIRECTORY"
    export PATH="$DOTNET_DIRECTORY:$PATH"
fi

if [[ ! -f "$BUILD_DLL" || ! -f "$DIGEST_FILE" || "$(cat "$DIGEST_FILE")" != "$SOURCES_DIGEST" ]]; then
    "$DOTNET_EXE" build "$BUILD_PROJECT_FILE" -nologo -clp:NoSummary -v quiet   # records the digest itself
fi

start_built "$@"

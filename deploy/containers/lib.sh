# Shared functions of deploy/containers/{up,down,images}. Sourced, never run.
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"

COMPOSE_FILE="$MAIL_ROOT/deploy/docker-compose.yml"
ENV_FILE="$MAIL_ROOT/deploy/.env"
PROJECT=${MAIL_COMPOSE_PROJECT:-mail-platform}
# The stand-ins' common root file system: Debian bookworm from the machine's own apt source.
BASE_IMAGE=mail-platform/debian-base:bookworm
STANDIN_LABEL=org.mail-platform.stand-in

require_engine() {
  command -v docker >/dev/null || die "docker not found: install a container engine (Debian: apt-get install docker.io docker-compose)"
  docker info >/dev/null 2>&1 || die "no container engine answers (start dockerd, or add yourself to the docker group)"
}

# compose ARGS: Compose v2 (docker compose) when installed, else Debian's docker-compose 1.29;
# with deploy/containers/exchange.yml when MAIL_EXCHANGE_NETWORK names a shared network.
compose() {
  local files=(-f "$COMPOSE_FILE")
  [ -z "${MAIL_EXCHANGE_NETWORK:-}" ] || files+=(-f "$MAIL_ROOT/deploy/containers/exchange.yml")
  if docker compose version >/dev/null 2>&1; then
    docker compose -p "$PROJECT" "${files[@]}" --env-file "$ENV_FILE" "$@"
  else
    command -v docker-compose >/dev/null || die "neither 'docker compose' nor docker-compose is installed"
    docker-compose -p "$PROJECT" "${files[@]}" --env-file "$ENV_FILE" "$@"
  fi
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# the images compose pulls (not built from this repository)
pulled_images() {
  sed -n 's/^ *image: *\([^ ]*\).*/\1/p' "$COMPOSE_FILE" | grep -v '^mail-platform/' | sort -u
}

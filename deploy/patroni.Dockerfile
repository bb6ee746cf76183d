# Patroni and Postgres 15 from Debian, for the HA overlay (deploy/docker-compose.ha.yml): the same
# packages `ordermesh dev --postgres ha` runs (docs/operations.md). Settings shared by both
# members are in deploy/patroni.yml; each member's name and addresses come from PATRONI_*
# variables in the compose file.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends patroni postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/patroni
COPY deploy/patroni.yml /etc/patroni/patroni.yml
# Postgres refuses to run as root; Patroni runs it as its own user.
USER postgres
EXPOSE 5432 8008
ENTRYPOINT ["patroni", "/etc/patroni/patroni.yml"]

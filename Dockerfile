# Feedline's container image: the packaged, minified Open Liberty server (only the features
# server.xml names) with the WAR in it, on a Java 25 runtime image (the code is built for 17).
#
#   mvn -Pimage -DskipTests package                    # target/image/feedline.tar.gz
#   buildah bud -t feedline:1.0.0 .                    # or: docker build -t feedline:1.0.0 .
#
# BASE_IMAGE is any image with a Java 17 or newer runtime on the PATH (or JAVA_HOME) and /bin/sh;
# scripts/container-base.sh makes one from Debian's packages where no registry is reachable.
ARG BASE_IMAGE=eclipse-temurin:25-jre
FROM ${BASE_IMAGE}

ARG BASE_IMAGE
ARG VERSION=1.0.0
LABEL org.opencontainers.image.title="Feedline" \
      org.opencontainers.image.description="Real-time social feed service: REST, WebSocket and Server-Sent Events on Open Liberty" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.vendor="Feedline" \
      org.opencontainers.image.base.name="${BASE_IMAGE}"

# Liberty writes logs, its workarea and the local profile's H2 file under the output directory
# only; everything else may sit on a read-only root file system.
# The JVM's heap follows the container's memory limit, leaving room for metaspace, thread stacks
# and the connections' native buffers; an OutOfMemoryError ends the process for a clean restart.
# The console (the container's log) carries Feedline's own INFO lines too: connections opened and
# closed, the drain.
ENV WLP_OUTPUT_DIR=/opt/feedline/wlp/output \
    WLP_LOGGING_CONSOLE_LOGLEVEL=INFO \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"

# The archive's files belong to root. The few that Liberty made for its owner only (server.xml,
# the server's folders) become readable to all, so the server runs under any UID and GID; none
# holds a secret.
ADD target/image/feedline.tar.gz /opt/feedline/
RUN find /opt/feedline/wlp ! -perm -o=r -exec chmod o+r {} + \
 && find /opt/feedline/wlp -type d ! -perm -o=x -exec chmod o+x {} + \
 && mkdir -p /opt/feedline/wlp/output \
 && chown 1001:0 /opt/feedline/wlp/output \
 && chmod 0775 /opt/feedline/wlp/output

USER 1001:0
WORKDIR /opt/feedline
EXPOSE 9080
# Liberty in the foreground. SIGTERM (podman stop, a pod's termination) turns the node not-ready,
# closes its streams with 1001 over FEEDLINE_STREAM_DRAIN_SECONDS, stops Liberty, exit status 143.
# Liberty's security component (mpMetrics brings it) makes LTPA keys at start and refuses to
# without a password (CWWKS4118E). Feedline signs no one in with LTPA, so the keys sign nothing:
# unless ltpa_keys_password is set, each start makes a random password and new keys, replacing
# those of a start before in the same output directory (a restarted container).
ENTRYPOINT ["/bin/sh", "-c", "if [ -z \"$ltpa_keys_password\" ]; then ltpa_keys_password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \\n'); export ltpa_keys_password; rm -f \"$WLP_OUTPUT_DIR/feedline/resources/security/ltpa.keys\"; fi; exec /opt/feedline/wlp/bin/server run feedline"]

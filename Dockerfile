# Chorus container image. Build the jar first (no network needed inside the image build):
#   mvn -B -q package -DskipTests && docker build -t chorus:0.1.0 .
# The image runs as an unprivileged user and never writes to its root filesystem: run it with a
# read-only root (docker --read-only, compose read_only, Kubernetes readOnlyRootFilesystem) and
# writable mounts at /tmp and /data. Pin the base by digest when you build (docs/deploy.md).
FROM eclipse-temurin:17.0.12_7-jre-jammy

# A fixed numeric user, so Kubernetes' runAsNonRoot can verify it.
RUN groupadd --system --gid 10001 chorus \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp chorus

WORKDIR /app
# Dependencies change less often than the application: their own layer.
COPY target/lib/ /app/lib/
COPY target/chorus.jar /app/chorus.jar
COPY conf/ /app/conf/

USER 10001:10001

# HOME=/tmp: the embedding model's native tokenizer unpacks under $HOME; Vert.x's file cache goes
# under /tmp too. data.dir (embedded stores, local indexes) is /data.
ENV HOME=/tmp \
    CHORUS_DATA_DIR=/data \
    CHORUS_ROUTER_ROUTES=/app/conf/routes.yaml \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -Dvertx.cacheDirBase=/tmp/vertx-cache"
VOLUME ["/tmp", "/data"]

# HTTP (chat, webhooks, health, metrics, admin API), Hazelcast, clustered event bus.
EXPOSE 8080 5701 5801

# The jar's manifest opens the packages Hazelcast needs; java.se is the one flag it cannot carry.
ENTRYPOINT ["java", "--add-modules", "java.se", "-jar", "/app/chorus.jar"]
CMD ["--config", "/app/conf/chorus.yaml"]

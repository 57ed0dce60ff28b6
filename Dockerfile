# syntax=docker/dockerfile:1
# The operator's image for those who build with a Docker engine (or Podman/Buildah):
#   docker build -t vpc-ipam-operator:0.1.0-SNAPSHOT --build-arg VERSION=0.1.0-SNAPSHOT .
# Without an engine, ./mvnw -Pimage -DskipTests package builds the same layout with Jib (docs/image.md).
# Both run as 65532:65532 on `scratch` with a jlink runtime made by image/build-rootfs.sh: no shell, no package
# manager, a read-only root filesystem with /tmp as the only writable path.

# 1. The jar and its runtime dependencies (target/vpc-ipam-operator.jar, target/lib/*.jar).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
#    The build's poms and the operator's sources; of tools/, Maven builds only what the operator's build uses.
COPY pom.xml ./
COPY src src
COPY tools tools
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true -pl src -am package

# 2. The root filesystem: a jlink runtime of the modules the jars need, the shared libraries it links against,
#    /etc/passwd and /etc/group with `operator` (65532), /tmp.
FROM eclipse-temurin:17-jdk AS rootfs
WORKDIR /src
COPY image/build-rootfs.sh image/
COPY --from=build /src/target/classes target/classes
COPY --from=build /src/target/lib target/lib
RUN bash image/build-rootfs.sh --out /rootfs --java-home "$JAVA_HOME"

# 3. The image.
FROM scratch
ARG VERSION=dev
COPY --from=rootfs /rootfs/ /
COPY --from=build /src/target/lib/ /app/lib/
COPY --from=build /src/target/vpc-ipam-operator.jar /app/
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
LABEL org.opencontainers.image.title="vpc-ipam-operator" \
      org.opencontainers.image.description="Kubernetes operator that manages Alibaba Cloud VPC IPAM pool allocations as custom resources" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="https://github.com/alicloud-ipam/vpc-ipam-operator" \
      org.opencontainers.image.licenses="Apache-2.0"
USER 65532:65532
WORKDIR /tmp
EXPOSE 8080
# The jar's manifest names the main class (dev.alicloud.ipam.Main) and its class path (lib/*.jar).
# file.encoding: Java 17 takes its default charset from the locale, and this image has none.
ENTRYPOINT ["/opt/java/bin/java", "-Dfile.encoding=UTF-8", "-jar", "/app/vpc-ipam-operator.jar"]
CMD ["run"]

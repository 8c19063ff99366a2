package dev.gateway.servlet.deploy.scan;

/** A handled type: DeploymentTest's initializer asks for its implementations. */
public interface Marker {
}

package dev.gateway.server.config;

/** {@code proxy_protocol}: which PROXY protocol preambles a connection may open with. */
public enum ProxyProtocol implements Choice {
    /** None: the first bytes are the request. */
    OFF,
    /** The text form. */
    V1,
    /** The binary form. */
    V2,
    /** Either. */
    AUTO;

    /** True when the text form is accepted. */
    public boolean acceptsV1() {
        return this == V1 || this == AUTO;
    }

    /** True when the binary form is accepted. */
    public boolean acceptsV2() {
        return this == V2 || this == AUTO;
    }

    /** The word, as the log and the command line write it. */
    @Override
    public String toString() {
        return word();
    }
}

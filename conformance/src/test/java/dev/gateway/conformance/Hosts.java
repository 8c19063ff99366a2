package dev.gateway.conformance;

import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;

/** Settings the suite gives every embedded container. */
final class Hosts {

    private Hosts() {
    }

    /**
     * Turns off the leak checks Tomcat runs when a context stops: they need {@code --add-opens} flags,
     * warn without them, and look for leaks of a web application redeployed in a long-lived JVM, which
     * a test's context is not.
     */
    static void quietTomcatStop(Context context) {
        if (context instanceof StandardContext standard) {
            standard.setClearReferencesRmiTargets(false);
            standard.setClearReferencesThreadLocals(false);
        }
    }
}

package dev.gateway.server.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;

/** Who may use the control socket: the server's user and root, nobody else. */
class PeerCheckTest {

    @Test
    void theOwnerAndRootOnly() {
        assertTrue(PeerCheck.allowed(peer("alice"), "alice"));
        assertTrue(PeerCheck.allowed(peer("root"), "alice"));
        assertFalse(PeerCheck.allowed(peer("mallory"), "alice"));
        assertFalse(PeerCheck.allowed(peer("alice2"), "alice"));
    }

    private static UnixDomainPrincipal peer(String user) {
        UserPrincipal principal = () -> user;
        GroupPrincipal group = () -> "users";
        return new UnixDomainPrincipal(principal, group);
    }
}

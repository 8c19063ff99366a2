package dev.gateway.server.control;

import java.nio.file.attribute.UserPrincipal;
import jdk.net.UnixDomainPrincipal;

/**
 * Who may use the control socket: a process of the server's own user, or root. The file mode
 * (0600) already keeps others from connecting; the peer's credentials, which the kernel records at
 * {@code connect(2)} ({@code SO_PEERCRED}, unix(7)), are checked as well, because a mode is easy to
 * widen by mistake and a socket passed along keeps working whatever its file says.
 */
public final class PeerCheck {

    private PeerCheck() {
    }

    /** True when {@code peer} is {@code owner} or root. */
    public static boolean allowed(UnixDomainPrincipal peer, String owner) {
        UserPrincipal user = peer.user();
        String name = user.getName();
        return name.equals(owner) || name.equals("root");
    }
}

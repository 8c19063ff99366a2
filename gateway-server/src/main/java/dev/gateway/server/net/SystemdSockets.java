package dev.gateway.server.net;

import dev.gateway.server.config.BindAddress;
import dev.gateway.server.config.LoggerNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd socket activation (sd_listen_fds(3)): when {@code LISTEN_PID} is this process and
 * {@code LISTEN_FDS} is n, the listening sockets are descriptors 3 to 3+n-1, bound by systemd
 * (a {@code .socket} unit) before the server started. The variables describe this process only:
 * a child sees a different pid and ignores them.
 */
public final class SystemdSockets {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);

    /** The first descriptor systemd passes (after stdin, stdout, stderr). */
    private static final int FIRST_FD = 3;

    private SystemdSockets() {
    }

    /** The inherited listeners, as {@code fd://N} addresses; empty without socket activation. */
    public static List<BindAddress> inherited(Map<String, String> environment, long pid) {
        String listenPid = environment.get("LISTEN_PID");
        String listenFds = environment.get("LISTEN_FDS");
        if (listenPid == null || listenFds == null || !listenPid.trim().equals(String.valueOf(pid))) {
            return List.of();
        }
        int count;
        try {
            count = Integer.parseInt(listenFds.trim());
        } catch (NumberFormatException e) {
            return List.of();
        }
        List<BindAddress> addresses = new ArrayList<>();
        for (int fd = FIRST_FD; fd < FIRST_FD + count; fd++) {
            addresses.add(new BindAddress.Inherited(fd));
        }
        return addresses;
    }

    /** The listeners to serve: systemd's when it activated this process, else the {@code bind} setting. */
    public static List<BindAddress> orBind(List<String> bind) {
        List<BindAddress> activated = inherited(System.getenv(), ProcessHandle.current().pid());
        if (activated.isEmpty()) {
            return BindAddress.parseAll(bind);
        }
        log.info("Socket activation: serving {} listener(s) from systemd (LISTEN_FDS), not --bind", activated.size());
        return activated;
    }
}

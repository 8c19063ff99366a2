package dev.gateway.server.net;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file of a {@code unix:PATH} listener, before and after the bind: the same rules whether the
 * master's event loops serve it or process workers do.
 */
public final class UnixSocketFile {

    private static final PosixFilePermission[] BITS_HIGH_TO_LOW = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};

    private UnixSocketFile() {
    }

    /**
     * A socket file left by a crashed run is replaced; one a live server answers on is refused, so two
     * servers never silently share a path.
     */
    public static void prepare(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            live = true;
        } catch (IOException e) {
            live = false;
        }
        if (live) {
            throw BindFailure.unixSocketInUse(path);
        }
        Files.delete(path);
    }

    /**
     * Gives the bound socket file the mode {@code 0777 & ~umask} (Gunicorn's {@code umask}): connecting
     * to a Unix socket needs write permission on it, so the mask decides who may talk to the server.
     */
    public static void applyUmask(Path path, int umask) throws IOException {
        Files.setPosixFilePermissions(path, permissions(0777 & ~umask));
    }

    /** The permission set of an octal mode such as {@code 0770}. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS_HIGH_TO_LOW.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                permissions.add(BITS_HIGH_TO_LOW[i]);
            }
        }
        return permissions;
    }
}

package dev.gateway.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A listening socket this process inherited as an open file descriptor ({@code fd://N}, or systemd
 * socket activation): a TCP or a Unix socket, wrapped in the matching epoll channel. Netty can only
 * adopt a descriptor through its native transport, so this needs Linux epoll.
 */
public final class InheritedListener {

    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private InheritedListener() {
    }

    /** Wraps descriptor {@code fd}; a descriptor that is not an open socket is refused clearly. */
    public static ServerChannel open(int fd) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("cannot use fd://" + fd + ": inherited sockets need Linux epoll: " + Epoll.unavailabilityCause());
        }
        // (fd, true): the inherited domain socket is already listening (the (int) constructor assumes not).
        return isUnixSocket(fd) ? new EpollServerDomainSocketChannel(fd, true) : new EpollServerSocketChannel(fd);
    }

    /**
     * The address {@code listener} is bound to. Netty learns a Unix listener's path only when it binds
     * it, so an adopted one reports {@code null}; the kernel still knows it (getsockname(2)).
     */
    public static SocketAddress localAddress(Channel listener) {
        SocketAddress address = listener.localAddress();
        if (address == null && listener instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            return socket.localDomainSocketAddress();
        }
        return address;
    }

    /**
     * The kernel names a socket descriptor {@code socket:[INODE]} in /proc/self/fd, and lists the
     * inodes of Unix sockets in /proc/net/unix: that tells the two kinds apart without touching it.
     */
    private static boolean isUnixSocket(int fd) throws IOException {
        String link;
        try {
            link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            throw new IOException("cannot use fd://" + fd + ": no such open file descriptor", e);
        }
        Matcher socket = SOCKET_LINK.matcher(link);
        if (!socket.matches()) {
            throw new IOException("cannot use fd://" + fd + ": it is not a socket (" + link + ")");
        }
        String inode = socket.group(1);
        for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 6 && fields[6].equals(inode)) {
                return true;
            }
        }
        return false;
    }
}

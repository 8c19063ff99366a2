package dev.gateway.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every setting refuses a bad value with one line naming the setting and the value. Settings that
 * accept any text are listed in {@link #FREE_TEXT}; every other setting needs a case in {@link #cases}.
 */
class ValidatorsTest {

    private static final Set<String> FREE_TEXT = Set.of("config", "classpath", "hooks", "pidfile",
            "accesslog", "errorlog", "statsd_prefix", "control_socket", "reload_extra_files");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("wsgi_app", " ", "must name a class"),
                Arguments.of("check_config", "maybe", "is not a boolean (true or false)"),
                Arguments.of("print_config", "2", "is not a boolean (true or false)"),
                Arguments.of("bind", "", "must name at least one address"),
                Arguments.of("bind", "127.0.0.1:99999", "has a bad address: '127.0.0.1:99999' has no valid port (0-65535)"),
                Arguments.of("bind", "::1:80", "has a bad address: '::1:80': write IPv6 addresses as [ADDRESS]:PORT"),
                Arguments.of("bind", "fd://x", "has a bad address: 'fd://x' is not fd://N (a file descriptor number)"),
                Arguments.of("backlog", "0", "must be at least 1"),
                Arguments.of("max_connections", "-1", "must be at least 0"),
                Arguments.of("umask", "8", "is not an octal mask (0 to 777)"),
                Arguments.of("umask", "1000", "is not an octal mask (0 to 777)"),
                Arguments.of("reuse_port", "sometimes", "is not a boolean (true or false)"),
                Arguments.of("workers", "0", "must be at least 1"),
                Arguments.of("workers", "four", "is not an integer"),
                Arguments.of("worker_class", "gevent", "is not one of thread, virtual, process"),
                Arguments.of("threads", "0", "must be at least 1"),
                Arguments.of("worker_connections", "0", "must be at least 1"),
                Arguments.of("timeout", "-1", "must be at least 0"),
                Arguments.of("graceful_timeout", "-1", "must be at least 0"),
                Arguments.of("max_requests", "-1", "must be at least 0"),
                Arguments.of("max_requests_jitter", "-1", "must be at least 0"),
                Arguments.of("keepalive", "-1", "must be at least 0"),
                Arguments.of("header_timeout", "-1", "must be at least 0"),
                Arguments.of("io_threads", "-1", "must be at least 0"),
                Arguments.of("limit_request_line", "8191", "must be between 0 and 8190"),
                Arguments.of("limit_request_fields", "32769", "must be between 0 and 32768"),
                Arguments.of("limit_request_field_size", "-1", "must be at least 0"),
                Arguments.of("limit_request_body", "-1", "must be at least 0"),
                Arguments.of("permit_obsolete_folding", "maybe", "is not a boolean (true or false)"),
                Arguments.of("strip_header_spaces", "maybe", "is not a boolean (true or false)"),
                Arguments.of("permit_unconventional_http_method", "maybe", "is not a boolean (true or false)"),
                Arguments.of("casefold_http_method", "maybe", "is not a boolean (true or false)"),
                Arguments.of("header_map", "keep", "is not one of drop, refuse, dangerous"),
                Arguments.of("proxy_protocol", "yes", "is not one of off, v1, v2, auto"),
                Arguments.of("forwarded_allow_ips", "127.0.0.1,nginx", "has a bad entry: 'nginx' is not an address, a CIDR range or *"),
                Arguments.of("forwarded_allow_ips", "10.0.0.0/40", "has a bad entry: '10.0.0.0/40' is not an address, a CIDR range or *"),
                Arguments.of("forwarder_headers", "SCRIPT NAME", "has a bad item: 'SCRIPT NAME' is not a header name"),
                Arguments.of("proxy_allow_ips", "lb.local", "has a bad entry: 'lb.local' is not an address, a CIDR range or *"),
                Arguments.of("secure_scheme_headers", "X-Forwarded-Proto", "has a bad item: 'X-Forwarded-Proto' is not HEADER=VALUE"),
                Arguments.of("secure_scheme_headers", "X Proto=https", "has a bad item: 'X Proto=https' is not HEADER=VALUE"),
                Arguments.of("require_host", "maybe", "is not a boolean (true or false)"),
                Arguments.of("certfile", "/no/such/cert.pem", "is not an existing file"),
                Arguments.of("keyfile", "/no/such/key.pem", "is not an existing file"),
                Arguments.of("ca_certs", "/no/such/ca.pem", "is not an existing file"),
                Arguments.of("cert_reqs", "CERT_REQUIRED", "is not one of none, optional, required"),
                Arguments.of("http_protocols", "h1,h3", "has 'h3', which is not h1 or h2"),
                Arguments.of("http_protocols", "h2,h2", "names a protocol twice"),
                Arguments.of("http2_cleartext", "on", "is not one of off, prior-knowledge, upgrade, both"),
                Arguments.of("http2_max_concurrent_streams", "0", "must be at least 1"),
                Arguments.of("http2_initial_window_size", "-1", "must be between 0 and 2147483647"),
                Arguments.of("http2_max_frame_size", "1024", "must be between 16384 and 16777215"),
                Arguments.of("http2_max_header_list_size", "100", "must be at least 1024"),
                Arguments.of("websocket_max_frame_size", "100", "must be between 125 and 2147483647"),
                Arguments.of("websocket_max_message_size", "0", "must be between 125 and 2147483647"),
                Arguments.of("websocket_idle_timeout", "-1", "must be at least 0"),
                Arguments.of("websocket_compression", "maybe", "is not a boolean (true or false)"),
                Arguments.of("websocket_allowed_origins", "app.example.com",
                        "has a bad entry: 'app.example.com' is not an origin (scheme://host[:port]) or *"),
                Arguments.of("war", " ", "must name a WAR file or a web application folder"),
                Arguments.of("access_log_format", "%(h)s %(x)s", "has an unknown placeholder %(x)s"),
                Arguments.of("access_log_format", "%(h", "has an unfinished placeholder at %(h"),
                Arguments.of("access_log_format", "%({x}z)s", "has an unknown placeholder %({x}z)s"),
                Arguments.of("control_socket_mode", "800", "is not an octal mask (0 to 777)"),
                Arguments.of("metrics_bind", "localhost", "is not HOST:PORT"),
                Arguments.of("metrics_bind", "[::1]:70000", "is not HOST:PORT"),
                Arguments.of("reload", "often", "is not a boolean (true or false)"),
                Arguments.of("statsd_host", "localhost", "is not HOST:PORT"),
                Arguments.of("statsd_host", "localhost:0", "is not HOST:PORT"),
                Arguments.of("dogstatsd_tags", "env:prod|x", "must be comma-separated tags of printable ASCII, without spaces, | or #"),
                Arguments.of("dogstatsd_tags", "a b", "must be comma-separated tags of printable ASCII, without spaces, | or #"),
                Arguments.of("health_path", "ready", "must start with /"),
                Arguments.of("loglevel", "loud", "is not one of debug, info, warning, error, critical"),
                Arguments.of("logconfig", "/no/such/logback.xml", "is not an existing file"),
                Arguments.of("script_name", "app", "must start with / and not end with /"),
                Arguments.of("script_name", "/app/", "must start with / and not end with /"),
                Arguments.of("chdir", "/no/such/folder", "is not an existing directory"));
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @MethodSource("cases")
    void badValueIsOneLineNamingSettingAndValue(String name, String value, String reason) {
        Setting<?> setting = Settings.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        String where = setting.flags().isEmpty() ? name : setting.displayFlag();
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.apply(Config.defaults(),
                List.of(new SettingValue(setting, value, where)), Config.Source.COMMAND_LINE));
        assertEquals("invalid value for " + where + ": '" + value + "' " + reason, e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1);
    }

    @Test
    void everyValidatedSettingHasACase() {
        Set<String> covered = new HashSet<>(FREE_TEXT);
        cases().forEach(c -> covered.add((String) c.get()[0]));
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(covered.contains(setting.name()),
                    "add a bad-value case for '" + setting.name() + "' to ValidatorsTest (or list it as free text)");
        }
    }

    @Test
    void badEnvironmentDefaultsNameTheVariable() {
        ConfigException port = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("PORT", "http")).load(List.of(), List.of()));
        assertEquals("invalid value for PORT: 'http' is not a port number (0-65535)", port.getMessage());
        ConfigException concurrency = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("WEB_CONCURRENCY", "0")).load(List.of(), List.of()));
        assertEquals("invalid value for WEB_CONCURRENCY: '0' must be at least 1", concurrency.getMessage());
        ConfigException forwarded = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("FORWARDED_ALLOW_IPS", "proxy")).load(List.of(), List.of()));
        assertEquals("invalid value for FORWARDED_ALLOW_IPS: 'proxy' has a bad entry: 'proxy' is not an address, a CIDR range or *",
                forwarded.getMessage());
    }
}

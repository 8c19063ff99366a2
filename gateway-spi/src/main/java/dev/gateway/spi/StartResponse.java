package dev.gateway.spi;

import java.util.List;

/**
 * The {@code start_response} callable of PEP 3333: the application gives the server the response
 * status and headers through it.
 *
 * <p>Rules (docs/spec.md, START-1 to START-4 and HEADER-1 to HEADER-5):
 * <ul>
 *   <li>{@code status} is a three-digit code from 200 to 599, one space and a reason phrase, e.g.
 *       {@code "200 OK"}. 1xx interim responses belong to the server.</li>
 *   <li>{@code headers} is a list of {@link Header}; see its rules. The server adds {@code Date},
 *       {@code Server} and the framing headers it needs.</li>
 *   <li>It may be called once without {@code excInfo}. A second call is allowed only with a non-null
 *       {@code excInfo}: before the headers went out it replaces status and headers (used to turn a
 *       failure into an error page); after they went out it rethrows {@code excInfo}, and the
 *       application lets that exception propagate.</li>
 *   <li>It is called before the body yields its first non-empty chunk, and in any case before the
 *       body ends.</li>
 *   <li>Nothing goes on the wire at {@code start}: the headers go out with the first non-empty body
 *       chunk or {@link BodyWriter#write} call.</li>
 * </ul>
 */
public interface StartResponse {

    /**
     * Sets the response status and headers.
     *
     * @param status  e.g. {@code "404 Not Found"}
     * @param headers the response headers, in the order to send them
     * @return the legacy write callable
     * @throws IllegalStateException    when called a second time without {@code excInfo}
     * @throws IllegalArgumentException when the status or a header breaks the rules
     */
    default BodyWriter start(String status, List<Header> headers) {
        return start(status, headers, null);
    }

    /**
     * Sets or replaces the response status and headers after a failure.
     *
     * @param status  e.g. {@code "500 Internal Server Error"}
     * @param headers the response headers
     * @param excInfo the failure being reported, or {@code null} for a first, normal call
     * @return the legacy write callable
     * @throws IllegalStateException when called again with a null {@code excInfo}
     * @throws RuntimeException      wrapping {@code excInfo} (or {@code excInfo} itself when it is
     *                               unchecked) when the headers already went out
     */
    BodyWriter start(String status, List<Header> headers, Throwable excInfo);
}

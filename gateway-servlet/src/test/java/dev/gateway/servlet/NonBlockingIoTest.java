package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** ReadListener and WriteListener (section 5.7) over the contract's blocking streams. */
class NonBlockingIoTest {

    /** Reads the body with a ReadListener, then writes it back upper-cased with a WriteListener. */
    private static void echo(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
            throws IOException {
        AsyncContext async = request.startAsync();
        ServletInputStream in = request.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        in.setReadListener(new ReadListener() {
            @Override
            public void onDataAvailable() throws IOException {
                byte[] buffer = new byte[7];
                int n;
                while (in.isReady() && (n = in.read(buffer)) != -1) {
                    body.write(buffer, 0, n);
                }
            }

            @Override
            public void onAllDataRead() throws IOException {
                ServletOutputStream out = response.getOutputStream();
                out.setWriteListener(new WriteListener() {
                    @Override
                    public void onWritePossible() throws IOException {
                        if (out.isReady()) {
                            out.write(body.toString().toUpperCase().getBytes());
                        }
                        async.complete();
                    }

                    @Override
                    public void onError(Throwable t) {
                        async.complete();
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                async.complete();
            }
        });
    }

    @Test
    void listenersReadAndWriteTheWholeExchange() throws Exception {
        ServletApplication app = ServletApplication.builder().servlet("echo", Servlets.of(NonBlockingIoTest::echo), r -> {
            r.addMapping("/");
            r.setAsyncSupported(true);
        }).build();
        String text = "non-blocking bodies arrive in pieces";
        assertEquals(text.toUpperCase(), new TestClient(app).send(TestRequest.post("/").body(text)).text());
    }

    @Test
    void listenersNeedAnAsyncRequest() throws Exception {
        ServletApplication app = ServletApplication.builder().servlet("s", Servlets.of((request, response) -> {
            assertThrows(IllegalStateException.class, () -> request.getInputStream().setReadListener(new ReadListener() {
                @Override
                public void onDataAvailable() {
                }

                @Override
                public void onAllDataRead() {
                }

                @Override
                public void onError(Throwable t) {
                }
            }));
            response.getWriter().write("refused");
        }), "/").build();
        assertEquals("refused", new TestClient(app).get("/").text());
    }
}

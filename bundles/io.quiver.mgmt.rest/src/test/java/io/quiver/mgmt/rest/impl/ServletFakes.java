package io.quiver.mgmt.rest.impl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Minimal servlet request and response stand-ins (dynamic proxies) for the servlet-side tests. */
final class ServletFakes {

    private ServletFakes() {
    }

    /** What a servlet wrote. */
    static final class Recorded {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    static HttpServletRequest request(String method, String servletPath, String pathInfo, Map<String, String> headers,
            long contentLength, InputStream body) {
        ServletInputStream in = new ServletInputStream() {
            @Override
            public int read() throws java.io.IOException {
                return body.read();
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(ServletFakes.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getRequestURI" -> servletPath + (pathInfo == null ? "" : pathInfo);
                    case "getHeader" -> headers.get((String) a[0]);
                    case "getQueryString" -> headers.get("?");
                    case "getContentLengthLong" -> contentLength;
                    case "getInputStream" -> in;
                    case "setAttribute" -> null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static HttpServletRequest request(String method, String servletPath, String pathInfo, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return request(method, servletPath, pathInfo, Map.of(), b.length, new ByteArrayInputStream(b));
    }

    static HttpServletResponse response(Recorded r) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                r.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(ServletFakes.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> r.status = (Integer) a[0];
                        case "setHeader" -> r.headers.put((String) a[0], (String) a[1]);
                        case "setContentType" -> r.contentType = (String) a[0];
                        case "setContentLength" -> { }
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
    }
}

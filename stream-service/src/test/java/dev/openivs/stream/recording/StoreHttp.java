package dev.openivs.stream.recording;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Serves a bucket of the store over plain local HTTP (GET /{key}), each request read from the store. */
final class StoreHttp implements AutoCloseable {
    private final HttpServer server;
    private final String bucket;

    StoreHttp(S3Client s3, String bucket) throws IOException {
        this.bucket = bucket;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestURI().getPath().substring(1);
            byte[] body;
            int status = 200;
            try {
                body = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            } catch (NoSuchKeyException e) {
                body = new byte[0];
                status = 404;
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url(String key) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + key;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

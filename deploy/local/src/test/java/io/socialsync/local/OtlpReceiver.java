package io.socialsync.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP trace receiver in the test's JVM: the services export to it ({@code http/protobuf}) and the test reads
 * what arrived. The OTLP messages are read by field number (opentelemetry-proto's {@code ExportTraceServiceRequest},
 * {@code ResourceSpans}, {@code ScopeSpans}, {@code Span}, {@code Span.Link}) with protobuf's generic parser, so no
 * generated classes are needed for the few fields the test reads.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span: the service that sent it, its ids (hex), its name and the spans it links to. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            List<String> linkedSpanIds) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/", receiver::receive);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return receiver;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody())
                    : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            // Traces only: the services export no metrics or logs by OTLP.
            if ("POST".equals(exchange.getRequestMethod()) && !exchange.getRequestURI().getPath().endsWith("/v1/logs")
                    && !exchange.getRequestURI().getPath().endsWith("/v1/metrics")) {
                spans.addAll(decode(body));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            // An empty ExportTraceServiceResponse: everything accepted.
            exchange.sendResponseHeaders(200, -1);
        }
    }

    static List<ReceivedSpan> decode(byte[] request) throws IOException {
        List<ReceivedSpan> decoded = new ArrayList<>();
        for (ByteString resourceSpans : UnknownFieldSet.parseFrom(request).getField(1).getLengthDelimitedList()) {
            UnknownFieldSet resourceSpan = UnknownFieldSet.parseFrom(resourceSpans);
            String service = serviceName(resourceSpan);
            for (ByteString scopeSpans : resourceSpan.getField(2).getLengthDelimitedList()) {
                for (ByteString spanBytes : UnknownFieldSet.parseFrom(scopeSpans).getField(2)
                        .getLengthDelimitedList()) {
                    UnknownFieldSet span = UnknownFieldSet.parseFrom(spanBytes);
                    List<String> links = new ArrayList<>();
                    for (ByteString link : span.getField(13).getLengthDelimitedList()) {
                        links.add(hex(UnknownFieldSet.parseFrom(link), 2));
                    }
                    decoded.add(new ReceivedSpan(service, hex(span, 1), hex(span, 2), hex(span, 4),
                            text(span, 5), links));
                }
            }
        }
        return decoded;
    }

    /** The resource's {@code service.name} attribute (Resource field 1: KeyValue{1 key, 2 AnyValue{1 string}}). */
    private static String serviceName(UnknownFieldSet resourceSpan) throws IOException {
        for (ByteString resource : resourceSpan.getField(1).getLengthDelimitedList()) {
            for (ByteString attribute : UnknownFieldSet.parseFrom(resource).getField(1).getLengthDelimitedList()) {
                UnknownFieldSet keyValue = UnknownFieldSet.parseFrom(attribute);
                if ("service.name".equals(text(keyValue, 1))) {
                    return text(UnknownFieldSet.parseFrom(keyValue.getField(2).getLengthDelimitedList().get(0)), 1);
                }
            }
        }
        return "";
    }

    private static String text(UnknownFieldSet message, int field) {
        List<ByteString> values = message.getField(field).getLengthDelimitedList();
        return values.isEmpty() ? "" : values.get(0).toStringUtf8();
    }

    private static String hex(UnknownFieldSet message, int field) {
        List<ByteString> values = message.getField(field).getLengthDelimitedList();
        return values.isEmpty() ? "" : HexFormat.of().formatHex(values.get(0).toByteArray());
    }
}

package io.socialsync.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

class RealServersTest {

    @Test
    void postgresAnswersQueries() throws Exception {
        RealServers.Postgres pg = RealServers.postgres();
        try (Connection connection = pg.connect();
                ResultSet result = connection.createStatement().executeQuery("SELECT 40 + 2")) {
            result.next();
            assertEquals(42, result.getInt(1));
        }
        assertSame(pg, RealServers.postgres(), "started once per JVM");
    }

    @Test
    void redisAnswersPing() throws Exception {
        URI uri = URI.create(RealServers.redis().hosts());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("+PONG", in.readLine());
        }
    }
}

package dev.acme;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

public final class Db {
    private static final String URL =
        "jdbc:sqlserver://sql01.corp.acme.dev:1433;databaseName=Billing;user=billing_app;password=O9XoDoir43fdijZZcml5;encrypt=true";

    public static Connection open() throws SQLException {
        return DriverManager.getConnection(URL);
    }
}

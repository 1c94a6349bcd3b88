package dev.aftermath.incident;

public enum Severity {
    SEV1, SEV2, SEV3, SEV4
}

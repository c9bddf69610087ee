package sample;

import java.time.LocalDate;

public record Person(String name, int age, LocalDate birthday) {}

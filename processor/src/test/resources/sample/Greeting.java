package sample;

import java.util.List;

public record Greeting(String text, Mood mood, List<String> tags) {}

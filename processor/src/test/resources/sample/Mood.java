package sample;

public enum Mood {
  HAPPY,
  GRUMPY
}

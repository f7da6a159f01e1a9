"""Light text processing shared by the stages: tokens and sentences with exact offsets."""

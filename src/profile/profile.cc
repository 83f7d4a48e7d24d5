// placeholder until the stage's implementation lands

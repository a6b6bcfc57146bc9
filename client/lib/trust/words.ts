// The 256 words of the short authentication string (sas.ts): one word per byte of the words hash. Short, common,
// concrete English words, none spelt within one letter (or one swap) of another, none sounding like another
// (words.test.ts checks both), so two screens that differ show different words and a phone holder can read
// them aloud. The order is part of the derivation: a reordered or changed list makes two pages of different
// versions show different words for the same link, so change it only together with the labels in sas.ts.

// biome-ignore format: twelve to a line, in alphabetical order, so the list can be read and checked by eye
export const SAS_WORDS: readonly string[] = [
  "acorn", "anchor", "apple", "arrow", "bacon", "badge", "bagel", "baker", "bamboo", "banjo", "banner", "barn",
  "barrel", "basket", "beach", "beaver", "bell", "berry", "bike", "bird", "boat", "bone", "bottle", "bowl",
  "bread", "brick", "bridge", "broom", "brush", "bubble", "bucket", "butter", "button", "cabin", "cable", "cactus",
  "cake", "camel", "camera", "candle", "candy", "canoe", "canyon", "carpet", "carrot", "castle", "celery", "chair",
  "chalk", "cheese", "cherry", "circle", "cliff", "clock", "cloud", "clover", "coffee", "comet", "cookie", "copper",
  "coral", "cotton", "crab", "crayon", "crown", "cube", "cup", "daisy", "dinner", "doctor", "dog", "donkey",
  "door", "dove", "dragon", "drill", "drum", "duck", "eagle", "earth", "egg", "elbow", "engine", "falcon",
  "farm", "fence", "fern", "fig", "finger", "fish", "flag", "flame", "flute", "forest", "fork", "fox",
  "frog", "garden", "garlic", "gift", "glass", "globe", "glue", "gold", "grape", "green", "guitar", "hammer",
  "hat", "hawk", "helmet", "honey", "hook", "horse", "iron", "island", "jacket", "jam", "jelly", "jewel",
  "juice", "jungle", "kettle", "key", "king", "kite", "ladder", "lamp", "leaf", "lemon", "letter", "lime",
  "lion", "lizard", "lunch", "magnet", "mango", "maple", "marble", "market", "meadow", "medal", "melon", "mint",
  "mirror", "mitten", "moon", "moose", "motor", "mud", "muffin", "needle", "nest", "nut", "oak", "ocean",
  "office", "olive", "onion", "orange", "otter", "oyster", "paddle", "palm", "panda", "paper", "pasta", "peanut",
  "pearl", "pencil", "piano", "pickle", "pigeon", "pillow", "pilot", "pine", "pizza", "planet", "plum", "pocket",
  "pool", "pot", "potato", "puppy", "purple", "puzzle", "quilt", "rabbit", "radio", "rain", "raven", "ribbon",
  "river", "rose", "ruby", "sail", "salad", "salmon", "salt", "sand", "sauce", "scarf", "shark", "shell",
  "ship", "shoe", "silk", "silver", "snow", "soap", "sock", "sofa", "spider", "sponge", "spoon", "squash",
  "star", "stone", "sugar", "summer", "sun", "sunset", "swan", "teapot", "tent", "thumb", "ticket", "tiger",
  "toad", "toast", "tomato", "tooth", "torch", "towel", "tree", "truck", "tulip", "turtle", "valley", "van",
  "vase", "violet", "violin", "waffle", "wagon", "walnut", "water", "wave", "whale", "window", "winter", "wolf",
  "yellow", "zebra", "zipper", "zoo",
];

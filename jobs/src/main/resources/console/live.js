// The live tab.
"use strict";
Nudge.tab("live");

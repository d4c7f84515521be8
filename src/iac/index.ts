// Every infrastructure format the engine knows, tried in order on each file (the first that detects it wins).
import { samFormat } from "./sam";
import type { IacFormat } from "./types";

export const iacFormats: IacFormat[] = [samFormat];

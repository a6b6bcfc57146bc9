// The part of qrcode's browser build the pages use, in place of @types/qrcode (see client/tsconfig.json "paths").
export interface QRCodeToStringOptions {
  type?: "svg" | "utf8" | "terminal";
  errorCorrectionLevel?: "low" | "medium" | "quartile" | "high" | "L" | "M" | "Q" | "H";
  margin?: number;
  width?: number;
  scale?: number;
  color?: { dark?: string; light?: string };
}
declare const QRCode: {
  toString(text: string, options?: QRCodeToStringOptions): Promise<string>;
};
export default QRCode;

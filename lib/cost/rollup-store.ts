/**
 * The few results-bucket operations the rollup and the detector need. The S3 implementation is
 * lib/aws/rollup-store.ts; the layout simulation (tools/sample/simulate-organization.ts) counts calls through the same shape.
 */
export type RollupStore = {
  readonly bucket: string;
  /** Every key under a prefix (no delimiter), in key order. */
  list(prefix: string): AsyncIterable<string>;
  /**
   * A JSON object, or undefined when there is none.
   * @throws InvalidRollupObjectError when the object is not JSON
   */
  getJson(key: string): Promise<unknown>;
  putJson(key: string, value: unknown): Promise<void>;
  putText(key: string, body: string, contentType: string): Promise<void>;
};

/** Everything the report's cross-task sections read: the six validated outputs (by output name) and the contract. */
import type { Contract } from "../contract";
import type { LoadedTaskOutputs } from "../outputs/task-outputs";

export interface ReportData {
  outputs: LoadedTaskOutputs;
  contract: Contract;
}

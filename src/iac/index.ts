// Every infrastructure format the engine knows, tried in order on each file (the first that detects it wins).
import { cdkFormat } from "./cdk";
import { cloudFormationFormat } from "./cloudformation";
import { samFormat } from "./sam";
import { serverlessFormat } from "./serverless";
import { terraformFormat } from "./terraform";
import type { IacFormat } from "./types";

export const iacFormats: IacFormat[] = [
  samFormat, // before CloudFormation: SAM templates also hold AWS::Lambda::Function
  cloudFormationFormat,
  serverlessFormat,
  terraformFormat,
  cdkFormat,
];

// A SAM template with one Node.js function whose code is src/app.*: the smallest project the engine tests migrate.
export const oneFunctionTemplate = [
  "Transform: AWS::Serverless-2016-10-31",
  "Resources:",
  "  Api:",
  "    Type: AWS::Serverless::Function",
  "    Properties:",
  "      CodeUri: src/",
  "      Handler: app.handler",
  "      Runtime: nodejs20.x # the one runtime",
  "",
].join("\n");

import { MongoClient } from "mongodb";

const uri =
  "mongodb+srv://svc-orders:mcda7FelawgPPCJZ@cluster0.ajs2a.mongodb.net/orders?retryWrites=true&w=majority";

export const client = new MongoClient(uri, { maxPoolSize: 10 });

export async function orders() {
  await client.connect();
  return client.db("orders").collection("orders");
}

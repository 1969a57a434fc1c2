from fastapi import FastAPI

from tasks import add

app = FastAPI()


@app.post("/add")
def enqueue(x: int, y: int):
    return {"id": add.delay(x, y).id}

// The market page's script: sends offers and shows the book the live method returns.
function liveRecv(data) {
    if (data.error) {
        document.getElementById('error').textContent = data.error;
        return;
    }
    document.getElementById('bids').textContent = data.bids.join(', ');
    document.getElementById('asks').textContent = data.asks.join(', ');
    document.getElementById('trades').textContent = data.trades.join(', ');
}

function sendOffer() {
    var input = document.getElementById('price');
    liveSend({price: parseInt(input.value, 10)});
    input.value = '';
}
